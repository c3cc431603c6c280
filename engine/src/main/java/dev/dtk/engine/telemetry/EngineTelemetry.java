package dev.dtk.engine.telemetry;

import dev.dtk.engine.streams.StepObserver;
import dev.dtk.observability.HealthReport;
import dev.dtk.observability.Observability;
import dev.dtk.observability.OpsEndpoints;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * An engine's metrics, traces and health, around its Kafka Streams shell: the step observers of each
 * stream task, Kafka Streams' own metrics (through Micrometer's binder), the store gauges, and the
 * health the query endpoint answers without the secret ({@code /health/live}: the streams have not
 * failed or stopped; {@code /health/ready}: RUNNING, that is, every task assigned here is restored).
 */
public final class EngineTelemetry implements AutoCloseable {

    private static final Duration GAUGE_REFRESH = Duration.ofSeconds(30);
    /** The store lags are one request to the brokers: often enough to watch a standby warm up. */
    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);

    private final Observability observability;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics kafkaMetrics;
    private final AutoCloseable gauges;

    private EngineTelemetry(Observability observability, KafkaStreams streams, KafkaStreamsMetrics kafkaMetrics,
            AutoCloseable gauges) {
        this.observability = observability;
        this.streams = streams;
        this.kafkaMetrics = kafkaMetrics;
        this.gauges = gauges;
    }

    /** The observers a topology gives each of its stream tasks: metrics always, traces when they are on. */
    public static Supplier<StepObserver> observers(Observability observability) {
        return () -> {
            List<StepObserver> all = new ArrayList<>();
            all.add(new EngineMetrics(observability.meters()));
            if (observability.tracing()) {
                all.add(new StepTracing(observability.tracer("dev.dtk.engine")));
            }
            return all.size() == 1 ? all.getFirst() : new StepObservers(all);
        };
    }

    /** Binds Kafka Streams' metrics and the store gauges of {@code streams} (before it starts). */
    public static EngineTelemetry bind(Observability observability, KafkaStreams streams) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(observability.meters());
        AutoCloseable stores = new StoreGauges(streams, GAUGE_REFRESH).bindTo(observability.meters());
        AutoCloseable replicas = new ReplicaGauges(streams, LAG_REFRESH).bindTo(observability.meters());
        return new EngineTelemetry(observability, streams, kafka, () -> {
            stores.close();
            replicas.close();
        });
    }

    /** {@code /metrics}, {@code /health/live} and {@code /health/ready} for the query endpoint. */
    public OpsEndpoints endpoints() {
        return new OpsEndpoints(observability, this::live, this::ready);
    }

    public HealthReport live() {
        KafkaStreams.State state = streams.state();
        Map<String, String> details = Map.of("state", state.name());
        return switch (state) {
            case ERROR, PENDING_ERROR -> HealthReport.down("the engine's stream threads failed", details);
            case NOT_RUNNING, PENDING_SHUTDOWN -> HealthReport.down("the engine is stopping or stopped", details);
            case CREATED, REBALANCING, RUNNING -> HealthReport.up(details);
        };
    }

    public HealthReport ready() {
        KafkaStreams.State state = streams.state();
        Map<String, String> details = Map.of("state", state.name());
        return state == KafkaStreams.State.RUNNING ? HealthReport.up(details)
                : HealthReport.down(state == KafkaStreams.State.REBALANCING || state == KafkaStreams.State.CREATED
                        ? "the engine is joining its group or restoring its state from the changelogs"
                        : "the engine is not running (" + state + ")", details);
    }

    @Override
    public void close() {
        kafkaMetrics.close();
        try {
            gauges.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
