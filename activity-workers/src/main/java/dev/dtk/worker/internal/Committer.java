package dev.dtk.worker.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits finished work, from the polling thread only. A failed commit is not fatal: the offsets
 * are committed on a later turn, or the tasks run again elsewhere (at-least-once).
 */
final class Committer {

    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ATTEMPTS = 100;

    private final Consumer<?, ?> consumer;
    private final OffsetTracker offsets;

    Committer(Consumer<?, ?> consumer, OffsetTracker offsets) {
        this.consumer = consumer;
        this.offsets = offsets;
    }

    /** Commits what is finished on every tracked partition. */
    void commitFinished() {
        commit(offsets.committable());
    }

    /** Commits what is finished on {@code partitions}. */
    void commitFinished(Collection<TopicPartition> partitions) {
        commit(offsets.committable(partitions));
    }

    private void commit(Map<TopicPartition, Long> committable) {
        if (committable.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        committable.forEach((partition, offset) -> commit.put(partition, new OffsetAndMetadata(offset)));
        try {
            commitSync(commit);
            offsets.committed(committable);
            LOG.debug("committed {}", committable);
        } catch (KafkaException e) {
            LOG.warn("could not commit offsets {} (the tasks below them may run again): {}", committable,
                    e.toString());
        }
    }

    /**
     * A wake-up (a slot freed up while committing) interrupts a commit; each one is consumed by the
     * exception it causes, so the commit is simply tried again.
     */
    private void commitSync(Map<TopicPartition, OffsetAndMetadata> commit) {
        for (int attempt = 1; ; attempt++) {
            try {
                consumer.commitSync(commit, TIMEOUT);
                return;
            } catch (WakeupException e) {
                if (attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
