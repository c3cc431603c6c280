package dev.dtk.worker.internal;

import java.util.Collection;
import java.util.Deque;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs on the polling thread during a rebalance. A revoked partition gets its finished work
 * committed and is then forgotten: its tasks still in flight may finish and produce their result
 * (the engine ignores duplicates) but no longer move this worker's commits, and its fetched records
 * that were never handed out are dropped (the next owner starts from the committed offset).
 */
final class RebalanceListener implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(RebalanceListener.class);

    private final String queue;
    private final OffsetTracker offsets;
    private final Committer committer;
    private final Deque<ConsumerRecord<String, byte[]>> fetched;
    private final Runnable onAssigned;

    RebalanceListener(String queue, OffsetTracker offsets, Committer committer,
            Deque<ConsumerRecord<String, byte[]>> fetched, Runnable onAssigned) {
        this.onAssigned = onAssigned;
        this.queue = queue;
        this.offsets = offsets;
        this.committer = committer;
        this.fetched = fetched;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            committer.commitFinished(partitions);
            LOG.info("queue '{}': partitions revoked {}", queue, partitions);
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
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
        fetched.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
    }
}
