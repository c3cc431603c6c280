package dev.dtk.worker.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on the polling thread during a rebalance. A revoked partition gets its finished work
 * committed and is then forgotten: its tasks still in flight may finish and produce their result
 * (the engine ignores duplicates) but no longer move this worker's commits, and its fetched records
 * that were never handed out are dropped (the next owner starts from the committed offset). An
 * assigned partition is held back until the results already published for its tasks are read back.
 */
final class RebalanceListener implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceListener.class);

    private final String queue;
    private final OffsetTracker offsets;
    private final Committer committer;
    private final Deque<ConsumerRecord<String, byte[]>> fetched;
    private final Consumer<?, ?> consumer;
    private final RecallOnAssignment recall;
    private final BooleanSupplier mayWait;
    private final Runnable onAssigned;
    /** How long a revoked partition's running tasks may take to finish before it is handed over. */
    static final Duration DRAIN_ON_REVOKE = Duration.ofSeconds(10);

    RebalanceListener(String queue, OffsetTracker offsets, Committer committer,
            Deque<ConsumerRecord<String, byte[]>> fetched, Consumer<?, ?> consumer, RecallOnAssignment recall,
            BooleanSupplier mayWait, Runnable onAssigned) {
        this.onAssigned = onAssigned;
        this.queue = queue;
        this.offsets = offsets;
        this.committer = committer;
        this.fetched = fetched;
        this.consumer = consumer;
        this.recall = recall;
        this.mayWait = mayWait;
    }

    /**
     * Before a partition goes to another worker, the tasks running on it get a few seconds to finish and
     * publish their results, so that the next owner reads those back instead of running the tasks a
     * second time while they still run here.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            long deadline = System.nanoTime() + DRAIN_ON_REVOKE.toNanos();
            while (mayWait.getAsBoolean() && offsets.unfinishedCount(partitions) > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            int running = offsets.unfinishedCount(partitions);
            committer.commitFinished(partitions);
            LOG.info("queue '{}': partitions revoked {}{}", queue, partitions, running == 0 ? ""
                    : "; " + running + " task(s) still running there may run again on their next worker");
        }
        forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        LOG.warn("queue '{}': partitions lost {}; their tasks in flight may run again", queue, partitions);
        forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        onAssigned.run();
        if (!partitions.isEmpty()) {
            LOG.info("queue '{}': partitions assigned {}", queue, partitions);
            recall.assigned(consumer, partitions);
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        recall.revoked(partitions);
        offsets.forget(partitions);
        fetched.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    }
}
