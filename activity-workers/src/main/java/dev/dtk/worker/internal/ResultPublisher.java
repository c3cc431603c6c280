package dev.dtk.worker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.dtk.topics.Hub;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityResults;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.FailureDetails;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces results to {@code dtk.activity-results} (keyed by instance ID) and refused records to
 * {@code dtk.dead-letters}, and reports each acknowledgement. A send that fails for a passing reason
 * (a broker away, a leader moving) is tried again until Kafka takes it, so a task is never reported
 * finished without its result. A result Kafka can never take (too large, unwritable) becomes a small
 * failure saying why; if even that cannot be written, the task is given up with an error in the log,
 * so that no task's offset stays unfinished for ever. Once work is {@linkplain #handBack() handed
 * back}, nothing more is produced: another worker will run those tasks again.
 */
final class ResultPublisher {

    static final String OUTPUT_TOO_LARGE = ActivityInvoker.OUTPUT_TOO_LARGE;
    static final String NOT_DELIVERED = "ActivityResultNotDeliveredException";

    private static final Logger LOG = LoggerFactory.getLogger(ResultPublisher.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final int SMALL_TEXT = 1024;
    /** Results sent together stay well under a record's usual limit (1 MiB); larger groups go one by one. */
    static final int MAX_BATCH_BYTES = 512 * 1024;

    private final Producer<String, byte[]> producer;
    private final Hub hub;
    private volatile boolean handedBack;

    ResultPublisher(Producer<String, byte[]> producer, Hub hub) {
        this.producer = producer;
        this.hub = hub;
    }

    /** Produces {@code result}; never throws, calls {@code onAcknowledged} once it is written (or given up). */
    void publish(ActivityResult result, Runnable onAcknowledged) {
        publish(result, null, onAcknowledged);
    }

    /** As above, with {@code headers} (a trace context; null: none) on the record. */
    void publish(ActivityResult result, Headers headers, Runnable onAcknowledged) {
        byte[] value;
        try {
            value = write(result);
        } catch (RuntimeException e) {
            fallback(result, onAcknowledged, "it could not be written as JSON: " + e.getMessage());
            return;
        }
        send(new ProducerRecord<>(hub.activityResults(), null, result.instanceId(), value, headers), onAcknowledged,
                error -> {
                    if (error instanceof RecordTooLargeException || !(error instanceof RetriableException)) {
                        fallback(result, onAcknowledged, "Kafka refused it: " + error);
                        return true;
                    }
                    return false;
                }, "instance " + result.instanceId() + ": result of task " + result.taskId());
    }

    /**
     * Produces {@code held} (results of one instance): one as it is, several as one record of results
     * (the headers of the first), or each on its own when together they are larger than a record should
     * be or Kafka refuses them together. Calls each one's acknowledgement once written (or given up).
     */
    void publishAll(List<ResultBatcher.Held> held) {
        if (held.size() == 1) {
            ResultBatcher.Held one = held.get(0);
            publish(one.result(), one.headers(), one.onAcknowledged());
            return;
        }
        byte[] value;
        try {
            value = DtkJson.write(ActivityResults.of(held.stream().map(ResultBatcher.Held::result).toList()));
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null || value.length > MAX_BATCH_BYTES) {
            held.forEach(one -> publish(one.result(), one.headers(), one.onAcknowledged()));
            return;
        }
        ActivityResult first = held.get(0).result();
        Runnable all = () -> held.forEach(one -> one.onAcknowledged().run());
        send(new ProducerRecord<>(hub.activityResults(), null, first.instanceId(), value, held.get(0).headers()), all,
                error -> {
                    if (error instanceof RecordTooLargeException || !(error instanceof RetriableException)) {
                        held.forEach(one -> publish(one.result(), one.headers(), one.onAcknowledged()));
                        return true;
                    }
                    return false;
                }, "instance " + first.instanceId() + ": results of " + held.size() + " tasks");
    }

    void deadLetter(DeadLetter letter, Runnable onAcknowledged) {
        send(new ProducerRecord<>(hub.deadLetters(), letter.key(), DtkJson.write(letter)), onAcknowledged,
                error -> {
                    if (!(error instanceof RetriableException)) {
                        LOG.error("dead letter for {}-{}@{} cannot be written ({}); the record is skipped",
                                letter.sourceTopic(), letter.partition(), letter.offset(), error.toString());
                        onAcknowledged.run();
                        return true;
                    }
                    return false;
                }, "dead letter for " + letter.sourceTopic() + "-" + letter.partition() + "@" + letter.offset());
    }

    /** Stops producing: results of tasks still running are dropped. */
    void handBack() {
        handedBack = true;
    }

    /**
     * A result that cannot be written becomes a small failure that says why (an output too large keeps
     * its error type); a small failure that cannot be written either is given up.
     */
    private void fallback(ActivityResult result, Runnable onAcknowledged, String why) {
        if (result instanceof ActivityFailed failed && isSmall(failed.failure())) {
            LOG.error("instance {}: task {}: its failure cannot be produced ({}); giving the task up", result.instanceId(),
                    result.taskId(), why);
            onAcknowledged.run();
            return;
        }
        FailureDetails small = switch (result) {
            case ActivityCompleted c -> FailureDetails.of(OUTPUT_TOO_LARGE, "the output of activity '" + c.name()
                    + "' cannot be produced: " + why + "; return less (for example a reference to where the data is"
                    + " stored)");
            case ActivityFailed f -> new FailureDetails(f.failure().errorType(), "the failure of activity '" + f.name()
                    + "' could not be produced whole (" + why + "); it said: " + f.failure().errorMessage(), null)
                    .trimmed(SMALL_TEXT);
        };
        LOG.warn("instance {}: task {}: {}", result.instanceId(), result.taskId(), small.errorMessage());
        publish(new ActivityFailed(result.v(), result.instanceId(), result.executionId(), result.taskId(),
                result.name(), small.trimmed(SMALL_TEXT), result.rewinds()), onAcknowledged);
    }

    private static boolean isSmall(FailureDetails failure) {
        return failure.stackTrace() == null && failure.errorMessage().length() <= SMALL_TEXT + 64;
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
            if (!handedBack && !handler.handled(error)) {
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

    /** How many bytes {@code result} takes as a record's value. */
    static int size(ActivityResult result) {
        try {
            return write(result).length;
        } catch (RuntimeException e) {
            return 0;
        }
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
