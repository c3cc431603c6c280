package dev.dtk.topics.message;

import java.util.Objects;

/**
 * Sent by the engine when an orchestration's critical section ends (the lock is released, or the
 * orchestration finished in any way): the entity in the record's key frees itself if execution
 * {@code executionId} of {@code instanceId} holds it, and forgets that execution's lock requests still
 * waiting in its queue.
 */
public record UnlockEntity(int v, String instanceId, String executionId) implements Command {

    public UnlockEntity {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "an unlock-entity command needs its \"instanceId\"");
        Objects.requireNonNull(executionId, "an unlock-entity command needs its \"executionId\"");
    }
}
