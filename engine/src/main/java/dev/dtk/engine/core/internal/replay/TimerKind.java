package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.orchestration.TaskCanceledException;
import java.time.Instant;

/**
 * The durable timer: {@code createTimer} records {@link HistoryEvent.TimerCreated}; the shell keeps
 * pending timers in its timer store (the step's timer changes) and a due one comes back as
 * {@link Inbound.TimerDue}, recorded as {@link HistoryEvent.TimerFired}. A timer already due when it
 * is created fires at once, in the same step. {@code Task.cancel()} records
 * {@link HistoryEvent.TimerCancelled}.
 */
public final class TimerKind {

    private TimerKind() {
    }

    /** A durable timer: fired by {@code TimerFired}; {@link #cancel()} removes it while pending. */
    static final class Timer extends ReplayTask<Void> {

        final int timerId;
        final Instant fireAt;

        Timer(ReplayContext ctx, int timerId, Instant fireAt) {
            super(ctx);
            this.timerId = timerId;
            this.fireAt = fireAt;
        }

        @Override
        public boolean cancel() {
            if (isDone()) {
                return false;
            }
            ctx.actions().cancelTimer(new HistoryEvent.TimerCancelled(ctx.currentUtcDateTime(), timerId));
            cancelWith(new TaskCanceledException("timer #" + timerId + " (due " + fireAt + ") was cancelled"));
            return true;
        }

        @Override
        public String toString() {
            return "timer #" + timerId + " due " + fireAt;
        }
    }

    /** The latest time a timer may be due: the year 9999, as far as ISO dates and milliseconds go. */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static Timer create(ReplayContext ctx, Instant fireAt) {
        if (fireAt.isBefore(Instant.EPOCH) || fireAt.isAfter(LATEST)) {
            throw new IllegalArgumentException("createTimer: the fire time " + fireAt + " is out of range; a durable"
                    + " timer must be due between " + Instant.EPOCH + " and " + LATEST);
        }
        int id = ctx.actions().nextId();
        ctx.actions().schedule(new HistoryEvent.TimerCreated(ctx.currentUtcDateTime(), id, fireAt));
        return ctx.register(id, new Timer(ctx, id, fireAt));
    }

    static String describe(HistoryEvent.TimerCreated created) {
        return "createTimer";
    }

    /** A pending timer goes to the timer store (the step's timer changes); one already due fires now. */
    static void execute(HistoryEvent.TimerCreated created, Execution execution) {
        if (!created.fireAt().isAfter(execution.now()) && !execution.cancelled().contains(created.timerId())) {
            execution.followAtOnce(new HistoryEvent.TimerFired(execution.now(), created.timerId(), created.fireAt()));
        }
    }

    static void fired(ReplayTask<?> open, HistoryEvent.TimerFired fired) {
        if (open instanceof Timer timer) {
            timer.complete(null);
        }
    }

    /** A due timer found by the sweep: it fires a pending timer, or changes nothing. */
    public static Admission admit(String instanceId, InstanceState state, Inbound.TimerDue due, Instant now) {
        String what = "due timer #" + due.timerId();
        String problem = Staleness.of(instanceId, state, due.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        if (!PendingWork.of(state).isPending(due.timerId(), HistoryEvent.TimerCreated.class)) {
            return Admission.ignore(what + " for instance '" + instanceId
                    + "': the timer is not pending (it fired, was cancelled or never existed)");
        }
        return Admission.accept(new HistoryEvent.TimerFired(now, due.timerId(), due.fireAt()));
    }
}
