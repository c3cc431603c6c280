package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Sent by an entity to the orchestration (the record's key) that called it or locked it, for task
 * {@code taskId} of execution {@code executionId}: the result of an operation, its {@code failure},
 * or, with {@code lockSet}, that every entity of the set is now locked for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityResponded(int v, String executionId, int taskId, String entityId, JsonNode result,
        FailureDetails failure, List<String> lockSet) implements Command {

    public EntityResponded {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(entityId, "entityId");
        lockSet = lockSet == null ? null : List.copyOf(lockSet);
    }

    public static EntityResponded result(ParentInstance caller, String entityId, JsonNode result) {
        return new EntityResponded(CURRENT_VERSION, caller.executionId(), caller.taskId(), entityId, result, null,
                null);
    }

    public static EntityResponded failure(ParentInstance caller, String entityId, FailureDetails failure) {
        return new EntityResponded(CURRENT_VERSION, caller.executionId(), caller.taskId(), entityId, null, failure,
                null);
    }

    public static EntityResponded locked(ParentInstance caller, String entityId, List<String> lockSet) {
        return new EntityResponded(CURRENT_VERSION, caller.executionId(), caller.taskId(), entityId, null, null,
                lockSet);
    }

    /** Whether this answers a lock request. */
    public boolean isLockGrant() {
        return lockSet != null;
    }
}
