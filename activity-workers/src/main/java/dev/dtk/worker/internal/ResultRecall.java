package dev.dtk.worker.internal;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.ActivityCheckpoint;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityResults;
import dev.dtk.topics.message.ResultRecord;
import dev.dtk.worker.WorkerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.ArrayDeque;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back, for partitions of the task topic this worker was just given, the results already
 * published for the tasks it is about to be handed: the tasks from each partition's position to its
 * end (and the checkpoints saved among them), then the results topic from a while before the oldest of
 * them. A worker that died after its results reached Kafka but before its offsets were committed left
 * such tasks behind; their next worker answers them with those results instead of running them again,
 * and hands the checkpoints of runs that were cut short to the runs that follow. The recent results of
 * the partitions' other tasks are read back too: a task that ran and was committed before its worker
 * died may still be sent again by an engine step redone after the takeover.
 *
 * <p>Runs on a thread of its own with a consumer of its own (no group); the polling thread keeps the
 * partitions paused meanwhile.
 */
final class ResultRecall implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResultRecall.class);
    /**
     * How long before the oldest task to look for results: a result may precede the copy of its task
     * that a redone engine step sent (the engine's failover in between).
     */
    static final Duration LOOKBACK = Duration.ofMinutes(5);
    /** The most tasks looked at per partition: a larger backlog was surely not run yet beyond that. */
    static final int MAX_TASKS = 100_000;
    private static final Duration POLL = Duration.ofMillis(200);

    private final String queue;
    private final Consumer<byte[], byte[]> consumer;
    private final String results;
    private final Duration timeout;
    private final Predicate<String> runsHere;
    private final int keep;
    private int taskPartitionCount;

    /**
     * @param runsHere whether an activity (by name) runs on this worker: only such results are kept
     * @param keep how many recent results to keep at most (the newest)
     */
    ResultRecall(WorkerConfig config, Consumer<byte[], byte[]> consumer, Duration timeout, Predicate<String> runsHere,
            int keep) {
        this.queue = config.queue();
        this.results = config.hub().activityResults();
        this.consumer = consumer;
        this.timeout = timeout;
        this.runsHere = runsHere;
        this.keep = keep;
    }

    /** What was found for the tasks about to be handed out: results already published, checkpoints saved. */
    record Recalled(List<ActivityResult> results, Map<TaskKey, JsonNode> checkpoints) {

        static final Recalled NOTHING = new Recalled(List.of(), Map.of());
    }

    /** The results published, and checkpoints saved, for tasks at or after {@code positions} (partition to offset). */
    Recalled recall(Map<TopicPartition, Long> positions) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<TaskKey> pending = new HashSet<>();
        Map<TaskKey, JsonNode> checkpoints = new HashMap<>();
        long[] oldestSeen = {Long.MAX_VALUE};
        Map<TopicPartition, Long> ends = consumer.endOffsets(positions.keySet(), left(deadline));
        for (var entry : positions.entrySet()) {
            long end = Math.min(ends.getOrDefault(entry.getKey(), 0L), entry.getValue() + MAX_TASKS);
            read(entry.getKey(), entry.getValue(), end, deadline, record -> {
                ActivityCheckpoint checkpoint = Checkpoints.read(record);
                if (checkpoint != null) {
                    checkpoints.put(new TaskKey(checkpoint.instanceId(), checkpoint.executionId(), checkpoint.taskId(),
                            checkpoint.rewinds()), checkpoint.value());
                } else if (TaskRecords.decode(record.value()) instanceof TaskRecords.Task(var task)) {
                    pending.add(TaskKey.of(task));
                    oldestSeen[0] = Math.min(oldestSeen[0], record.timestamp());
                }
            });
        }
        checkpoints.keySet().retainAll(pending);
        List<ActivityResult> found = new ArrayList<>();
        ArrayDeque<ActivityResult> recent = new ArrayDeque<>();
        long since = Math.min(oldestSeen[0], System.currentTimeMillis()) - LOOKBACK.toMillis();
        Map<TopicPartition, Long> from = resultOffsets(positions.keySet(), since, deadline);
        Map<TopicPartition, Long> resultEnds = consumer.endOffsets(from.keySet(), left(deadline));
        from.forEach((partition, offset) -> read(partition, offset, resultEnds.get(partition), deadline, record -> {
            for (ActivityResult result : decode(record.value())) {
                if (pending.contains(TaskKey.of(result))) {
                    found.add(result);
                } else if (runsHere.test(result.name()) && belongsHere(result.instanceId(), positions.keySet())) {
                    recent.addLast(result);
                    if (recent.size() > keep) {
                        recent.removeFirst();
                    }
                }
            }
        }));
        found.forEach(result -> checkpoints.remove(TaskKey.of(result)));
        if (!pending.isEmpty()) {
            LOG.info("queue '{}': {} task(s) to be handed to this worker on {}, {} of them with a result already"
                    + " published (answered with it, not run again), {} with a checkpoint of an interrupted run; {}"
                    + " recent result(s) read back", queue, pending.size(), positions.keySet(), found.size(),
                    checkpoints.size(), recent.size());
        }
        List<ActivityResult> all = new ArrayList<>(recent);
        all.addAll(found);
        return new Recalled(all, checkpoints);
    }

    /**
     * Whether a result's instance sends its tasks to one of {@code taskPartitions} (as the engine's
     * producer partitions them: Kafka's default partitioner on the instance ID).
     */
    private boolean belongsHere(String instanceId, Set<TopicPartition> taskPartitions) {
        int count = taskPartitionCount;
        if (count <= 0) {
            return true;
        }
        int partition = Topics.partitionOf(instanceId, count);
        return taskPartitions.stream().anyMatch(p -> p.partition() == partition);
    }

    /**
     * Where in the results topic to start: the partitions that can hold results of the given task
     * partitions (the same numbers when both topics have as many partitions, as {@code dtk topics create}
     * makes them; all of them otherwise), from {@code timestamp} on.
     */
    private Map<TopicPartition, Long> resultOffsets(Set<TopicPartition> taskPartitions, long timestamp,
            long deadline) {
        int resultCount = consumer.partitionsFor(results, left(deadline)).size();
        String taskTopic = taskPartitions.iterator().next().topic();
        int taskCount = consumer.partitionsFor(taskTopic, left(deadline)).size();
        taskPartitionCount = taskCount;
        Map<TopicPartition, Long> query = new HashMap<>();
        long since = Math.max(0, timestamp);
        if (resultCount == taskCount) {
            taskPartitions.forEach(p -> query.put(new TopicPartition(results, p.partition()), since));
        } else {
            for (int p = 0; p < resultCount; p++) {
                query.put(new TopicPartition(results, p), since);
            }
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, left(deadline));
        found.forEach((partition, at) -> {
            if (at != null) {
                offsets.put(partition, at.offset());
            }
        });
        return offsets;
    }

    /** Hands each record of {@code partition} from offset {@code from} up to {@code to} (excluded) to {@code each}. */
    private void read(TopicPartition partition, long from, long to, long deadline,
            java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) {
        if (from >= to) {
            return;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, from);
        while (consumer.position(partition, left(deadline)) < to) {
            if (System.nanoTime() > deadline) {
                LOG.warn("queue '{}': reading back {} took longer than {}; tasks whose results were not found run"
                        + " again", queue, partition, timeout);
                break;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                if (record.offset() < to) {
                    each.accept(record);
                }
            }
        }
        consumer.assign(List.of());
    }

    /**
     * The time left until {@code deadline} (System.nanoTime()), for each call to the broker: none may block
     * longer than the whole read back may take (a call past it throws Kafka's TimeoutException).
     */
    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The results a record holds: one, several (a record of results), or none (unreadable). */
    private static List<ActivityResult> decode(byte[] value) {
        if (value == null) {
            return List.of();
        }
        try {
            return switch (DtkJson.read(value, ResultRecord.class)) {
                case ActivityResult result -> List.of(result);
                case ActivityResults results -> results.results();
            };
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Makes a read in progress stop (from any thread). */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
