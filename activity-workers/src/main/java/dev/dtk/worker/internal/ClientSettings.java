package dev.dtk.worker.internal;

import dev.dtk.worker.WorkerConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The Kafka client settings of a worker: its own defaults, then the pass-through settings of the
 * configuration that apply to each client (a setting neither client knows goes to both, so that
 * plug-in settings reach whichever client reads them).
 */
public final class ClientSettings {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private ClientSettings() {
    }

    public static Map<String, Object> consumer(WorkerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // read_uncommitted by default, on purpose: the engine writes tasks inside Kafka Streams exactly-once
        // transactions that commit every few ms, and a read_committed worker would wait for each of those
        // commits on the critical path of every activity. A task from a transaction that aborts is sent
        // again, with the same IDs, by the step the engine redoes: the worker answers it with the result it
        // recorded (TaskLedger), so it does not run twice. A queue whose activities must never run for a step
        // that is later done differently reads read_committed (WorkerConfig.readCommitted).
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, config.isolationLevel());
        // a rebalance keeps the partitions a worker still owns (and their tasks in flight) in place
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "dtk-worker-" + config.queue() + "-consumer-" + CLIENTS.incrementAndGet());
        settings.putAll(passThrough(config, ConsumerConfig.configNames(), ProducerConfig.configNames()));
        return settings;
    }

    /**
     * The consumer that reads back tasks and results on an assignment ({@link ResultRecall}): no group, no
     * commits, the tasks' isolation level.
     */
    public static Map<String, Object> recallConsumer(WorkerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, config.isolationLevel());
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        settings.putAll(passThrough(config, ConsumerConfig.configNames(), ProducerConfig.configNames()));
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "dtk-worker-" + config.queue() + "-recall-"
                + CLIENTS.incrementAndGet());
        return settings;
    }

    public static Map<String, Object> producer(WorkerConfig config) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // a result is on the critical path: send it now
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "dtk-worker-" + config.queue() + "-producer-" + CLIENTS.incrementAndGet());
        settings.putAll(passThrough(config, ProducerConfig.configNames(), ConsumerConfig.configNames()));
        return settings;
    }

    private static Map<String, String> passThrough(WorkerConfig config, Set<String> mine, Set<String> theirs) {
        Map<String, String> settings = new HashMap<>();
        config.kafka().forEach((key, value) -> {
            if (mine.contains(key) || !theirs.contains(key)) {
                settings.put(key, value);
            }
        });
        return settings;
    }
}
