package dev.dtk.engine.core.internal.replay;

import dev.dtk.orchestration.TaskCanceledException;
import java.time.Instant;

/** A durable timer: fired by {@code TimerFired}; {@link #cancel()} removes it while pending. */
final class TimerTask extends ReplayTask<Void> {

    final int timerId;
    final Instant fireAt;

    TimerTask(ReplayContext ctx, int timerId, Instant fireAt) {
        super(ctx);
        this.timerId = timerId;
        this.fireAt = fireAt;
    }

    void fire() {
        complete(null);
    }

    @Override
    public boolean cancel() {
        if (isDone()) {
            return false;
        }
        ctx.timerCancelled(timerId);
        cancelWith(new TaskCanceledException("timer #" + timerId + " (due " + fireAt + ") was cancelled"));
        return true;
    }

    @Override
    public String toString() {
        return "timer #" + timerId + " due " + fireAt;
    }
}
