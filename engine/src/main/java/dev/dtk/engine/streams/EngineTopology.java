package dev.dtk.engine.streams;

import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.topics.Topics;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology, in one place.
 *
 * <pre>
 *   dtk.commands ─────────┐
 *                         ├─► instance-processor ──► out (topic chosen per record:
 *   dtk.activity-results ─┘     │   │                     dtk.tasks.&lt;queue&gt;, dtk.commands,
 *                               │   │                     dtk.instance-status, dtk.dead-letters)
 *              instances store ─┘   └─ timers store (+ wall-clock punctuator firing due timers)
 * </pre>
 *
 * Both sources are keyed by instance ID and co-partitioned, so one stream task owns an instance and
 * everything that happens to it. Values enter as raw bytes: the processor reads them itself so that
 * a malformed record is dead-lettered with its reason instead of stopping the partition.
 */
public final class EngineTopology {

    public static final String INSTANCES_STORE = "instances";
    public static final String TIMERS_STORE = "timers";
    static final String COMMANDS_SOURCE = "commands";
    static final String RESULTS_SOURCE = "activity-results";
    static final String PROCESSOR = "instance-processor";
    static final String SINK = "out";

    private EngineTopology() {
    }

    public static Topology build(InstanceStepper stepper, Duration timerSweepInterval) {
        Topology topology = new Topology();
        topology.addSource(COMMANDS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), Topics.COMMANDS);
        topology.addSource(RESULTS_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(),
                Topics.ACTIVITY_RESULTS);
        topology.addProcessor(PROCESSOR, () -> new InstanceProcessor(stepper, timerSweepInterval),
                COMMANDS_SOURCE, RESULTS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INSTANCES_STORE), Serdes.String(), Serdes.ByteArray()), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(TIMERS_STORE), Serdes.Bytes(), Serdes.ByteArray()), PROCESSOR);
        topology.addSink(SINK, Outgoing.TOPIC, new StringSerializer(), Outgoing.VALUE, PROCESSOR);
        return topology;
    }
}
