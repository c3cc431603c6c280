package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Sent by the engine for an orchestration's {@code callEntity}: run {@code operation} on the entity in
 * the record's key and answer {@code caller} with an {@link EntityResponded} (the result, or the
 * failure with the state left as it was).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallEntity(int v, String operation, JsonNode input, ParentInstance caller) implements Command {

    public CallEntity {
        v = WireMessage.versionOrDefault(v);
        EntityCommands.requireOperation(operation, "call-entity");
        Objects.requireNonNull(caller, "a call-entity command needs its \"caller\"");
    }
}
