package dev.dtk.engine.streams;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.WireMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Builds the dead-letter record for an input the engine refuses. */
final class DeadLetters {

    private DeadLetters() {
    }

    static Outgoing of(RecordMetadata source, String key, byte[] value, String reason, Instant now) {
        String text = null;
        String base64 = null;
        if (value != null) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value)).toString();
            } catch (CharacterCodingException e) {
                base64 = Base64.getEncoder().encodeToString(value);
            }
        }
        DeadLetter letter = new DeadLetter(WireMessage.CURRENT_VERSION, source.topic(), source.partition(),
                source.offset(), key, text, base64, reason, now);
        return new Outgoing(Topics.DEAD_LETTERS, DtkJson.write(letter));
    }
}
