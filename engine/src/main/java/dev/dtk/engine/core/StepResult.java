package dev.dtk.engine.core;

import dev.dtk.topics.message.InstanceStatus;
import java.util.List;

/**
 * What one {@link InstanceStepper#apply step} decided.
 *
 * @param state the state to store; {@code null} together with {@code !changed}: leave the store as it is;
 *     {@code null} with {@code changed}: the instance is purged (delete it, publish a status tombstone)
 * @param changed {@code false}: the input was ignored or refused, nothing to write (but {@code outbound},
 *     answers owed to others, is still sent)
 * @param outbound records to produce, in order
 * @param timerChanges changes to the timer store, in order (removals first)
 * @param status the status to publish to {@code dtk.instance-status}, or {@code null}
 * @param deadLetterReason non-null: refuse the input record (send it to the dead-letter topic)
 * @param note why the input was ignored, for logs; may be {@code null}
 * @param historyKept how many events of the stored history are unchanged at its start: the shell writes
 *     only the events after them (a step of the same execution appends), and rewrites from there
 * @param inboxKept the same for the suspended inbox
 */
public record StepResult(
        InstanceState state,
        boolean changed,
        List<Outbound> outbound,
        List<TimerChange> timerChanges,
        InstanceStatus status,
        String deadLetterReason,
        String note,
        int historyKept,
        int inboxKept) {

    public StepResult {
        outbound = outbound == null ? List.of() : List.copyOf(outbound);
        timerChanges = timerChanges == null ? List.of() : List.copyOf(timerChanges);
    }

    /** The instance is purged: delete its state, apply {@code timerChanges}, publish a status tombstone. */
    public static StepResult purged(List<TimerChange> timerChanges, String note) {
        return new StepResult(null, true, List.of(), timerChanges, null, null, note, 0, 0);
    }

    /** True when the instance is gone after this step (a purge). */
    public boolean isPurge() {
        return changed && state == null;
    }

    /** The input changes nothing; {@code note} says why. */
    public static StepResult ignored(String note) {
        return new StepResult(null, false, List.of(), List.of(), null, null, note, 0, 0);
    }

    /** The input changes nothing in the instance, but {@code outbound} is sent; {@code note} says why. */
    public static StepResult ignoredSending(String note, List<Outbound> outbound) {
        return new StepResult(null, false, outbound, List.of(), null, null, note, 0, 0);
    }

    /** The input is refused and goes to the dead-letter topic with {@code reason}. */
    public static StepResult refused(String reason) {
        return new StepResult(null, false, List.of(), List.of(), null, reason, null, 0, 0);
    }

    public boolean isRefused() {
        return deadLetterReason != null;
    }
}
