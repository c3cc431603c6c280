package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A record dtk could not process, on {@code dtk.dead-letters}, with where it came from and why
 * it was refused. {@code value} is the original bytes as UTF-8 text; {@code valueBase64} is set
 * instead when they were not valid UTF-8.
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
        Instant deadLetteredAt)
        implements WireMessage {

    public DeadLetter {
        v = WireMessage.versionOrDefault(v);
    }
}
