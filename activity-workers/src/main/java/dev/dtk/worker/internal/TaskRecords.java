package dev.dtk.worker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.DeadLetter;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads task records from {@code dtk.tasks.<queue>}, and turns the ones it cannot read into dead letters. */
public final class TaskRecords {

    /** A record's value read as a task, or the reason why it could not be. */
    public sealed interface Decoded permits Task, Malformed {
    }

    public record Task(ActivityTask task) implements Decoded {
    }

    public record Malformed(String reason) implements Decoded {
    }

    private TaskRecords() {
    }

    public static Decoded decode(byte[] value) {
        if (value == null) {
            return new Malformed("the record has no value (a tombstone); expected an ActivityTask as JSON");
        }
        try {
            ActivityTask task = DtkJson.mapper().readValue(value, ActivityTask.class);
            return task == null ? new Malformed("the value is JSON null; expected an ActivityTask") : new Task(task);
        } catch (ValueInstantiationException e) {
            return new Malformed("not a valid ActivityTask: " + instantiationProblem(e));
        } catch (JsonProcessingException e) {
            return new Malformed("not a valid ActivityTask: " + JsonSerde.rootMessage(e));
        } catch (IOException | RuntimeException e) {
            return new Malformed("cannot read the value as an ActivityTask: " + JsonSerde.rootMessage(e));
        }
    }

    /** The dead letter for {@code record}, refused for {@code reason}, cut to fit in a record. */
    public static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, String reason, Instant now,
            Limits limits) {
        return DeadLetter.of(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason,
                now, limits.maxRecordBytes() / 2);
    }

    /** A missing required field surfaces as a NullPointerException carrying the field's name. */
    private static String instantiationProblem(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            return "missing required field '" + cause.getMessage() + "'";
        }
        return JsonSerde.rootMessage(e);
    }
}
