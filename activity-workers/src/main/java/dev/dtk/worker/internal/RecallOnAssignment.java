package dev.dtk.worker.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds newly assigned partitions back until {@link ResultRecall} has read back the results already
 * published for their tasks, then hands those to the {@link TaskLedger} and lets the partitions flow.
 * Used by the polling thread only (the reading runs on a thread of its own).
 */
final class RecallOnAssignment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecallOnAssignment.class);

    private final ResultRecall recall;
    private final TaskLedger ledger;
    private final String queue;
    private final ExecutorService reader;
    private final Duration holdLimit;
    /** The partitions held back, with when each was (System.nanoTime()). */
    private final Map<TopicPartition, Long> held = new HashMap<>();
    private final ConcurrentLinkedQueue<Done> done = new ConcurrentLinkedQueue<>();

    private record Done(Set<TopicPartition> partitions, ResultRecall.Recalled recalled) {
    }

    /**
     * @param holdLimit the longest a partition is held back: should reading back its results take longer
     *     (a call that hangs), it flows anyway, and tasks that already ran may run again
     */
    RecallOnAssignment(ResultRecall recall, TaskLedger ledger, String queue, Duration holdLimit) {
        this.recall = recall;
        this.ledger = ledger;
        this.holdLimit = holdLimit;
        this.queue = queue;
        this.reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dtk-worker-" + queue + "-recall");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** From the rebalance listener: pauses {@code partitions} and starts reading back their results. */
    void assigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            try {
                positions.put(partition, consumer.position(partition));
            } catch (KafkaException e) {
                LOG.warn("queue '{}': no position for {} ({}); its tasks run without reading back their results",
                        queue, partition, e.toString());
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        consumer.pause(positions.keySet());
        long now = System.nanoTime();
        positions.keySet().forEach(partition -> held.put(partition, now));
        Set<TopicPartition> reading = Set.copyOf(positions.keySet());
        reader.execute(() -> {
            ResultRecall.Recalled recalled = ResultRecall.Recalled.NOTHING;
            try {
                recalled = recall.recall(positions);
            } catch (RuntimeException e) {
                LOG.warn("queue '{}': could not read back the results for {} ({}); tasks that already ran may run"
                        + " again", queue, reading, e.toString());
            }
            done.add(new Done(reading, recalled));
        });
    }

    /** From the rebalance listener: partitions no longer this worker's are no longer held back. */
    void revoked(Collection<TopicPartition> partitions) {
        held.keySet().removeAll(partitions);
    }

    /**
     * Each turn of the polling thread: the partitions whose results were read back are no longer held
     * (the polling thread resumes them when it has room).
     */
    void release() {
        Done finished;
        while ((finished = done.poll()) != null) {
            ledger.recall(finished.recalled().results());
            ledger.recallCheckpoints(finished.recalled().checkpoints());
            held.keySet().removeAll(finished.partitions());
        }
        long now = System.nanoTime();
        Set<TopicPartition> overdue = new HashSet<>();
        held.forEach((partition, since) -> {
            if (now - since > holdLimit.toNanos()) {
                overdue.add(partition);
            }
        });
        if (!overdue.isEmpty()) {
            LOG.warn("queue '{}': reading back the results for {} did not end within {}; their tasks run now, and"
                    + " those that already ran may run again", queue, overdue, holdLimit);
            held.keySet().removeAll(overdue);
        }
    }

    /** The partitions held back now: not to be resumed. */
    Set<TopicPartition> held() {
        return held.keySet();
    }

    /** Stops a read in progress and closes its consumer (on its own thread, the only one that uses it). */
    @Override
    public void close() {
        recall.wakeup();
        reader.execute(recall::close);
        reader.shutdown();
        try {
            if (!reader.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("queue '{}': reading back results did not stop within 10 s", queue);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
