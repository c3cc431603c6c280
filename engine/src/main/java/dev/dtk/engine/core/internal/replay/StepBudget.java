package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.StepTimedOutException;
import java.time.Duration;

/**
 * How long the orchestrator code of one step may still run, spent by the waits of the stepping thread
 * on a live run (each turn of the code takes from it). The core reads no clock: what is left is what the
 * waits report.
 */
public final class StepBudget {

    /** No limit: the caller guards the step otherwise (or is a test). */
    public static final StepBudget UNLIMITED = new StepBudget(null);

    private final Duration limit;
    private long leftNanos;

    private StepBudget(Duration limit) {
        this.limit = limit;
        this.leftNanos = limit == null ? Long.MAX_VALUE : limit.toNanos();
    }

    /** A budget of {@code limit} for one step; {@link #UNLIMITED} when null. */
    public static StepBudget of(Duration limit) {
        return limit == null ? UNLIMITED : new StepBudget(limit);
    }

    boolean limited() {
        return limit != null;
    }

    long leftNanos() {
        return leftNanos;
    }

    void left(long nanos) {
        leftNanos = nanos;
    }

    StepTimedOutException exceeded() {
        return StepTimedOutException.after(limit);
    }
}
