package dev.dtk.engine.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.Command;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine keeps about one entity: its state (null: it has none, so it does not exist
 * for readers), who holds its lock, and the requests waiting for the lock to be released.
 *
 * @param name the entity's name, lower case
 * @param operations how many operations ran on it so far (IDs it hands out derive from this count)
 * @param nextTimerId the ID of the next scheduled signal's timer
 * @param pendingTimers how many scheduled signals wait for their time
 * @param queue requests (signals, calls, lock requests) waiting while another orchestration holds the lock, oldest first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntityState(
        String name,
        String key,
        JsonNode state,
        Instant lastOperationTime,
        Lock lock,
        long operations,
        int nextTimerId,
        int pendingTimers,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Command> queue) {

    /** The critical section holding the entity: execution {@code executionId} of orchestration {@code instanceId}. */
    public record Lock(String instanceId, String executionId) {

        public Lock {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(executionId, "executionId");
        }
    }

    public EntityState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        queue = queue == null ? List.of() : List.copyOf(queue);
    }

    /** A new entity, without state. */
    public static EntityState fresh(String name, String key) {
        return new EntityState(name, key, null, null, null, 0, 0, 0, List.of());
    }

    /** Whether readers see the entity: it has state. */
    @JsonIgnore
    public boolean exists() {
        return state != null;
    }

    /** Whether nothing needs to be kept about the entity: no state, no lock, nothing waiting. */
    @JsonIgnore
    public boolean isEmpty() {
        return state == null && lock == null && queue.isEmpty() && pendingTimers == 0;
    }
}
