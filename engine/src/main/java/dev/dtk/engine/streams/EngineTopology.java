package dev.dtk.engine.streams;

import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.entity.EntityRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology, in one place.
 *
 * <pre>
 *   hub.commands ─────────┐     (hub: the engine's task hub, dtk by default)
 *                         ├─► instance-processor ──► out (topic chosen per record:
 *   hub.activity-results ─┘     │   │   │                 hub.tasks.&lt;queue&gt;, hub.commands,
 *                               │   │   │                 hub.activity-results (records sent on to
 *                               │   │   │                 their key's partition), hub.instance-status,
 *                               │   │   │                 hub.entities, hub.dead-letters)
 *   instances + entities stores ┘   │   └─ timers store (+ wall-clock punctuator firing due timers)
 *     history store (one record per event, per waiting entity request) ─┘
 *     traces store: the trace context each instance's steps belong to (written only with traces on)
 * </pre>
 *
 * Both sources are keyed by instance ID and co-partitioned, so one stream task owns an instance and
 * everything that happens to it. Values enter as raw bytes: the processor reads them itself so that
 * a malformed record is dead-lettered with its reason instead of stopping the partition.
 */
public final class EngineTopology {

    public static final String INSTANCES_STORE = "instances";
    public static final String HISTORY_STORE = "history";
    public static final String TIMERS_STORE = "timers";
    public static final String ENTITIES_STORE = "entities";
    /** Instance ID to the W3C trace context of its orchestration; see {@code dev.dtk.engine.telemetry}. */
    public static final String TRACES_STORE = "traces";
    static final String COMMANDS_SOURCE = "commands";
    static final String RESULTS_SOURCE = "activity-results";
    static final String PROCESSOR = "instance-processor";
    static final String SINK = "out";

    private EngineTopology() {
    }

    /** The Kafka clients the engine's stream threads use: see {@link IdleFlushClientSupplier}. */
    public static KafkaClientSupplier clientSupplier() {
        return new IdleFlushClientSupplier();
    }

    /** With default settings on one partition, without entities (tests). */
    public static Topology build(InstanceStepper stepper, Duration timerSweepInterval) {
        return build(stepper, new EntityStepper(EntityRegistry.empty()), ShellSettings.defaults(timerSweepInterval, 1));
    }

    public static Topology build(InstanceStepper stepper, EntityStepper entities, ShellSettings settings) {
        return build(stepper, entities, settings, () -> StepObserver.NONE);
    }

    /** With an observer per stream task watching the steps (metrics, traces). */
    public static Topology build(InstanceStepper stepper, EntityStepper entities, ShellSettings settings,
            Supplier<StepObserver> observers) {
        return build(stepper, entities, settings, observers, InputLag.NONE);
    }

    /** As above; due timers wait for inputs produced before them while {@code lag} says some are unread. */
    public static Topology build(InstanceStepper stepper, EntityStepper entities, ShellSettings settings,
            Supplier<StepObserver> observers, InputLag lag) {
        Map<String, String> changelog = Map.of("max.message.bytes",
                Integer.toString(settings.limits().maxRecordBytes()));
        Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                settings.hub().commands());
        topology.addSource(RESULTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                settings.hub().activityResults());
        topology.addProcessor(PROCESSOR, () -> new InstanceProcessor(stepper, entities, settings, observers.get(), lag),
                COMMANDS_SOURCE, RESULTS_SOURCE);
        // caching stores, though the engine gives them no cache unless statestore.cache.max.bytes is set
        // (EngineConfig): then a burst of writes to one key reaches the changelog once per commit
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INSTANCES_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ENTITIES_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TIMERS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        // always in the topology, so that engines with traces on and off can share the work
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRACES_STORE),
                Serdes.String(), Serdes.String()).withLoggingEnabled(changelog).withCachingEnabled(), PROCESSOR);
        topology.addSink(SINK, Outgoing.TOPIC, new StringSerializer(), Outgoing.VALUE, PROCESSOR);
        return topology;
    }
}
