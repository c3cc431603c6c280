package dev.dtk.engine.core;

import java.util.function.Supplier;

/**
 * Runs the user's code of one step (orchestrator code, an entity operation). The Kafka Streams shell runs it on a thread of its own and
 * gives up after a configured time ({@link StepTimedOutException}), so that code that never returns
 * cannot wedge a partition; the core itself reads no clock.
 */
@FunctionalInterface
public interface CodeGuard {

    /** Runs the code in this thread, without a time limit (tests, tools). */
    CodeGuard DIRECT = Supplier::get;

    /** Runs {@code step} and returns its result; throws {@link StepTimedOutException} when it runs too long. */
    <T> T run(Supplier<T> step);

    /**
     * How long the code of one step may run, for code that runs on a thread of its own anyway (a live
     * orchestration's virtual thread): the stepping thread then waits for it at most this long itself,
     * instead of handing the step to another thread that waits. Null: no limit, run through {@link #run}.
     */
    default java.time.Duration limit() {
        return null;
    }

    /** Told when code that ran on a thread of its own went past {@link #limit()} and was abandoned. */
    default void timedOut() {
    }
}
