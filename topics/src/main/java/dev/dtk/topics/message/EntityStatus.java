package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest state of an entity, on the compacted {@code dtk.entities} topic keyed by entity ID
 * ({@code @name@key}); a tombstone means the entity no longer exists (it has no state).
 *
 * @param name the entity's name, lower case
 * @param lastOperationTime when its last operation ran
 * @param lockedBy the orchestration instance whose critical section holds it, or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EntityStatus(int v, String name, String key, JsonNode state, Instant lastOperationTime,
        String lockedBy) implements WireMessage {

    public EntityStatus {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
    }

    /** The entity's ID, {@code @name@key}. */
    public String entityId() {
        return "@" + name + "@" + key;
    }
}
