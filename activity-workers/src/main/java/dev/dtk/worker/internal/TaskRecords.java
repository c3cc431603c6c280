package dev.dtk.worker.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.WireMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

    /** The dead letter for {@code record}, refused for {@code reason}. */
    public static DeadLetter deadLetter(ConsumerRecord<String, byte[]> record, String reason, Instant now) {
        String text = null;
        String base64 = null;
        if (record.value() != null) {
            text = utf8(record.value());
            base64 = text == null ? Base64.getEncoder().encodeToString(record.value()) : null;
        }
        return new DeadLetter(WireMessage.CURRENT_VERSION, record.topic(), record.partition(), record.offset(),
                record.key(), text, base64, reason, now);
    }

    /** A missing required field surfaces as a NullPointerException carrying the field's name. */
    private static String instantiationProblem(ValueInstantiationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof NullPointerException && cause.getMessage() != null) {
            return "missing required field '" + cause.getMessage() + "'";
        }
        return JsonSerde.rootMessage(e);
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
