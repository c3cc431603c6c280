package dev.dtk.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCheckpoint;
import dev.dtk.topics.message.ActivityTask;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Task checkpoints ({@link ActivityCheckpoint}): saved next to their task, on the task's own partition,
 * so that the worker that takes the partition over after a crash reads them back with the tasks it is
 * about to run ({@link ResultRecall}); found through the {@link TaskLedger}.
 */
final class Checkpoints {

    private static final Duration SAVE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final TaskLedger ledger;
    private final Clock clock;

    Checkpoints(Producer<String, byte[]> producer, TaskLedger ledger, Clock clock) {
        this.producer = producer;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The checkpoint handle of {@code task}, read from {@code partition}. */
    TaskCheckpoint of(ActivityTask task, TopicPartition partition) {
        TaskKey key = TaskKey.of(task);
        return new TaskCheckpoint() {
            @Override
            public Optional<JsonNode> saved() {
                return ledger.checkpoint(key);
            }

            @Override
            public void save(JsonNode value) {
                ActivityCheckpoint checkpoint = ActivityCheckpoint.of(task, value, clock.instant());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(partition.topic(), partition.partition(),
                        task.instanceId(), DtkJson.write(checkpoint), List.of(new RecordHeader(ActivityCheckpoint.HEADER,
                                "1".getBytes(StandardCharsets.UTF_8))));
                try {
                    producer.send(record).get(SAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IllegalStateException("the checkpoint of task " + key + " could not be saved to "
                            + partition + ": " + e, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while saving the checkpoint of task " + key, e);
                }
            }
        };
    }

    /** A checkpoint record read back from a task topic, or null when the record is none. */
    static ActivityCheckpoint read(org.apache.kafka.clients.consumer.ConsumerRecord<?, byte[]> record) {
        if (record.headers().lastHeader(ActivityCheckpoint.HEADER) == null || record.value() == null) {
            return null;
        }
        try {
            return DtkJson.read(record.value(), ActivityCheckpoint.class);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a record of a task topic is a checkpoint (not a task). */
    static boolean isCheckpoint(org.apache.kafka.clients.consumer.ConsumerRecord<?, ?> record) {
        return record.headers().lastHeader(ActivityCheckpoint.HEADER) != null;
    }
}
