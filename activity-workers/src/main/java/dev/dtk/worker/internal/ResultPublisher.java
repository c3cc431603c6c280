package dev.dtk.worker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.FailureDetails;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces results to {@code dtk.activity-results} (keyed by instance ID) and refused records to
 * {@code dtk.dead-letters}, and reports each acknowledgement. A send that fails even after the
 * producer's own retries is tried again, so a task is never reported finished without its result.
 * Once work is {@linkplain #handBack() handed back}, nothing more is produced: another worker will
 * run those tasks again.
 */
final class ResultPublisher {

    static final String OUTPUT_TOO_LARGE = "ActivityOutputTooLargeException";

    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final Producer<String, byte[]> producer;
    private volatile boolean handedBack;

    ResultPublisher(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    void publish(ActivityResult result, Runnable onAcknowledged) {
        send(new ProducerRecord<>(Topics.ACTIVITY_RESULTS, result.instanceId(), write(result)), onAcknowledged,
                error -> {
                    if (error instanceof RecordTooLargeException && result instanceof ActivityCompleted) {
                        publish(tooLarge(result), onAcknowledged);
                        return true;
                    }
                    return false;
                }, "instance " + result.instanceId() + ": result of task " + result.taskId());
    }

    void deadLetter(DeadLetter letter, Runnable onAcknowledged) {
        send(new ProducerRecord<>(Topics.DEAD_LETTERS, letter.key(), DtkJson.write(letter)), onAcknowledged,
                error -> false, "dead letter for " + letter.sourceTopic() + "-" + letter.partition() + "@"
                        + letter.offset());
    }

    /** Stops producing: results of tasks still running are dropped. */
    void handBack() {
        handedBack = true;
    }

    private void send(ProducerRecord<String, byte[]> record, Runnable onAcknowledged, FailureHandler handler,
            String what) {
        if (handedBack) {
            return;
        }
        try {
            producer.send(record, (metadata, error) -> {
                if (error == null) {
                    onAcknowledged.run();
                } else if (!handedBack && !handler.handled(error)) {
                    retryLater(record, onAcknowledged, handler, what, error);
                }
            });
        } catch (RuntimeException error) {
            if (!handedBack) {
                retryLater(record, onAcknowledged, handler, what, error);
            }
        }
    }

    private void retryLater(ProducerRecord<String, byte[]> record, Runnable onAcknowledged, FailureHandler handler,
            String what, Exception error) {
        LOG.error("{} could not be produced to {}; trying again in {}: {}", what, record.topic(), RETRY_DELAY,
                error.toString());
        Thread.ofVirtual().name("dtk-worker-resend").start(() -> {
            try {
                Thread.sleep(RETRY_DELAY);
                send(record, onAcknowledged, handler, what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static ActivityFailed tooLarge(ActivityResult result) {
        String message = "the output of activity '" + result.name() + "' is too large for a Kafka record; return"
                + " less (for example a reference to where the data is stored) or raise max.request.size and"
                + " the topic's max.message.bytes";
        LOG.warn("instance {}: task {}: {}", result.instanceId(), result.taskId(), message);
        return new ActivityFailed(result.v(), result.instanceId(), result.executionId(), result.taskId(),
                result.name(), FailureDetails.of(OUTPUT_TOO_LARGE, message));
    }

    private static byte[] write(ActivityResult result) {
        try {
            return DtkJson.mapper().writerFor(ActivityResult.class).writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result of task " + result.taskId(), e);
        }
    }

    @FunctionalInterface
    private interface FailureHandler {
        /** True when the failure was dealt with and must not be retried. */
        boolean handled(Exception error);
    }
}
