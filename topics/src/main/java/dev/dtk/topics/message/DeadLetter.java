package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A record dtk could not process, on {@code dtk.dead-letters}, with where it came from and why
 * it was refused. {@code value} is the original bytes as UTF-8 text; {@code valueBase64} is set
 * instead when they were not valid UTF-8. A value too large to fit in a dead letter is cut, and
 * {@code valueBytes} says how large the original was (otherwise it is absent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        int v,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String value,
        String valueBase64,
        String reason,
        Instant deadLetteredAt,
        Integer valueBytes)
        implements WireMessage {

    /** The most of a refusal reason kept in a dead letter. */
    public static final int MAX_REASON_CHARS = 8 * 1024;

    public DeadLetter {
        v = WireMessage.versionOrDefault(v);
    }

    /**
     * The dead letter of {@code value} (may be null) refused for {@code reason}; a value over
     * {@code maxValueBytes} keeps its first {@code maxValueBytes} bytes, so the letter always fits in a
     * record (base64 grows bytes by a third: keep {@code maxValueBytes} under three quarters of a record).
     */
    public static DeadLetter of(String topic, int partition, long offset, String key, byte[] value, String reason,
            Instant at, int maxValueBytes) {
        String text = null;
        String base64 = null;
        Integer original = null;
        if (value != null) {
            byte[] kept = value;
            if (value.length > maxValueBytes) {
                kept = Arrays.copyOf(value, maxValueBytes);
                original = value.length;
            }
            text = utf8(kept, original != null);
            base64 = text == null ? Base64.getEncoder().encodeToString(kept) : null;
        }
        String why = reason == null || reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS) + "...";
        return new DeadLetter(WireMessage.CURRENT_VERSION, topic, partition, offset, key, text, base64, why, at,
                original);
    }

    /** {@code bytes} as UTF-8 text, or null when they are not; a cut value may end in the middle of a character. */
    private static String utf8(byte[] bytes, boolean cut) {
        for (int drop = 0; drop <= (cut ? 3 : 0) && drop < bytes.length; drop++) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, 0, bytes.length - drop)).toString();
            } catch (CharacterCodingException e) {
                // a cut may have split the last character: try without its bytes
            }
        }
        return bytes.length == 0 ? "" : null;
    }
}
