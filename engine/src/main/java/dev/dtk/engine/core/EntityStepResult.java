package dev.dtk.engine.core;

import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.SignalEntity;
import java.time.Instant;
import java.util.List;

/**
 * What one {@link EntityStepper#apply step} of an entity decided.
 *
 * @param state the entity to store; {@code null} together with {@code changed}: delete it (nothing left to keep)
 * @param changed {@code false}: the input was ignored or refused, nothing to write (but {@code outbound} is sent)
 * @param outbound records to produce, in order
 * @param scheduled signals to hold until their time (add to the timer store)
 * @param status the state to publish to {@code dtk.entities}, or null: publish nothing
 * @param deleted publish a tombstone: the entity no longer exists for readers
 * @param deadLetterReason non-null: refuse the input record (send it to the dead-letter topic)
 * @param note what happened, for logs; may be null
 * @param queueDropped how many requests left the head of the stored queue
 * @param queueKept how many of the stored requests after those are unchanged at the start of the new queue
 */
public record EntityStepResult(
        EntityState state,
        boolean changed,
        List<Outbound> outbound,
        List<Scheduled> scheduled,
        EntityStatus status,
        boolean deleted,
        String deadLetterReason,
        String note,
        int queueDropped,
        int queueKept) {

    /** A signal held by a durable timer until {@code fireAt}. */
    public record Scheduled(int timerId, Instant fireAt, SignalEntity signal) {
    }

    public EntityStepResult {
        outbound = outbound == null ? List.of() : List.copyOf(outbound);
        scheduled = scheduled == null ? List.of() : List.copyOf(scheduled);
    }

    public static EntityStepResult refused(String reason) {
        return new EntityStepResult(null, false, List.of(), List.of(), null, false, reason, null, 0, 0);
    }

    public static EntityStepResult ignored(String note, List<Outbound> outbound) {
        return new EntityStepResult(null, false, outbound, List.of(), null, false, null, note, 0, 0);
    }

    public boolean isRefused() {
        return deadLetterReason != null;
    }
}
