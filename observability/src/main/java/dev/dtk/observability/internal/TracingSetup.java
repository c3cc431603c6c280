package dev.dtk.observability.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traces are off unless the standard OpenTelemetry variables ask for them: {@code OTEL_TRACES_EXPORTER}
 * set to anything but {@code none} (for example {@code otlp} or {@code console}), or an OTLP endpoint
 * ({@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}). Then the SDK is
 * configured by OpenTelemetry's own autoconfiguration from every {@code OTEL_*} variable (sampler,
 * endpoint, headers, resource attributes...), with dtk's defaults: service name {@code dtk-<service>},
 * OTLP over HTTP ({@code http/protobuf}), no OpenTelemetry metrics or logs (metrics are Prometheus'). {@code OTEL_SDK_DISABLED=true} wins.
 */
public final class TracingSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TracingSetup.class);

    /** A configured SDK; closing it flushes the spans still buffered. */
    public record Sdk(OpenTelemetrySdk sdk) implements AutoCloseable {

        public OpenTelemetry openTelemetry() {
            return sdk;
        }

        @Override
        public void close() {
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private TracingSetup() {
    }

    /** Whether {@code env} turns traces on. */
    public static boolean requested(Map<String, String> env) {
        if ("true".equalsIgnoreCase(trimmed(env, "OTEL_SDK_DISABLED"))) {
            return false;
        }
        String exporter = trimmed(env, "OTEL_TRACES_EXPORTER");
        if (exporter != null) {
            return !exporter.toLowerCase(Locale.ROOT).equals("none");
        }
        return trimmed(env, "OTEL_EXPORTER_OTLP_ENDPOINT") != null
                || trimmed(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != null;
    }

    /** The SDK {@code env} asks for, or empty when it asks for no traces. */
    public static Optional<Sdk> fromEnvironment(Map<String, String> env, String serviceName) {
        if (!requested(env)) {
            return Optional.empty();
        }
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", serviceName);
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        // OTLP over HTTP with the JDK's own client: the gRPC senders (OkHttp, grpc-java) are not bundled
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        if (trimmed(env, "OTEL_TRACES_EXPORTER") == null) {
            defaults.put("otel.traces.exporter", "otlp");
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        LOG.info("traces on: exporter {}, service name {}", env.getOrDefault("OTEL_TRACES_EXPORTER", "otlp"),
                env.getOrDefault("OTEL_SERVICE_NAME", serviceName));
        return Optional.of(new Sdk(sdk));
    }

    private static String trimmed(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
