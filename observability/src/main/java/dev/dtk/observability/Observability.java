package dev.dtk.observability;

import dev.dtk.observability.internal.JvmMeters;
import dev.dtk.observability.internal.TracingSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a dtk process measures and traces with: a Micrometer registry (Prometheus, scraped at
 * {@code /metrics}) and an OpenTelemetry instance (a no-op unless the standard {@code OTEL_*}
 * variables turn an exporter on). Made once per process by whoever starts the services, and given
 * to each of them; the services record into it and never close it.
 */
public final class Observability implements AutoCloseable {

    private final MeterRegistry meters;
    private final PrometheusMeterRegistry prometheus;
    private final OpenTelemetry openTelemetry;
    private final boolean tracing;
    private final AutoCloseable resources;

    private Observability(MeterRegistry meters, PrometheusMeterRegistry prometheus, OpenTelemetry openTelemetry,
            boolean tracing, AutoCloseable resources) {
        this.meters = meters;
        this.prometheus = prometheus;
        this.openTelemetry = openTelemetry;
        this.tracing = tracing;
        this.resources = resources;
    }

    /** Records nothing and traces nothing (a meter registry without backends; the no-op OpenTelemetry). */
    public static Observability none() {
        return new Observability(new CompositeMeterRegistry(), null, OpenTelemetry.noop(), false, () -> { });
    }

    /** Prometheus metrics without JVM meters, no traces: what an in-process cluster for tests uses. */
    public static Observability prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new Observability(registry, registry, OpenTelemetry.noop(), false, () -> { });
    }

    /**
     * A service's observability: Prometheus metrics with the JVM's own meters, and traces when the
     * environment asks for them ({@code OTEL_TRACES_EXPORTER} other than {@code none}, or an
     * {@code OTEL_EXPORTER_OTLP_*ENDPOINT}; {@code OTEL_SDK_DISABLED=true} turns them off). The
     * service name defaults to {@code dtk-<service>} ({@code OTEL_SERVICE_NAME} wins).
     */
    public static Observability forService(String service, Map<String, String> env) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AutoCloseable jvm = JvmMeters.bindTo(registry);
        Optional<TracingSetup.Sdk> sdk = TracingSetup.fromEnvironment(env, "dtk-" + service);
        AutoCloseable all = () -> {
            jvm.close();
            if (sdk.isPresent()) {
                sdk.get().close();
            }
        };
        return new Observability(registry, registry, sdk.map(TracingSetup.Sdk::openTelemetry)
                .orElse(OpenTelemetry.noop()), sdk.isPresent(), all);
    }

    /** Records into {@code meters} and traces with {@code openTelemetry} (tests: a simple registry, an in-memory exporter). */
    public static Observability of(MeterRegistry meters, OpenTelemetry openTelemetry) {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new Observability(meters, meters instanceof PrometheusMeterRegistry p ? p : null, openTelemetry,
                openTelemetry != OpenTelemetry.noop(), () -> { });
    }

    public MeterRegistry meters() {
        return meters;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Whether spans are recorded and exported; when not, services skip tracing work altogether. */
    public boolean tracing() {
        return tracing;
    }

    public Tracer tracer(String scope) {
        return openTelemetry.getTracer(scope);
    }

    /** The metrics in Prometheus' text format, when this registry is a Prometheus one. */
    public Optional<String> scrape() {
        return Optional.ofNullable(prometheus).map(PrometheusMeterRegistry::scrape);
    }

    /** Flushes and stops the trace exporter and the JVM meters. */
    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the metrics and traces", e);
        }
        meters.close();
    }
}
