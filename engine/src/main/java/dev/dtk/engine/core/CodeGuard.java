package dev.dtk.engine.core;

import java.util.function.Supplier;

/**
 * Runs the orchestrator code of one step. The Kafka Streams shell runs it on a thread of its own and
 * gives up after a configured time ({@link StepTimedOutException}), so that code that never returns
 * cannot wedge a partition; the core itself reads no clock.
 */
@FunctionalInterface
public interface CodeGuard {

    /** Runs the code in this thread, without a time limit (tests, tools). */
    CodeGuard DIRECT = Supplier::get;

    /** Runs {@code step} and returns its result; throws {@link StepTimedOutException} when it runs too long. */
    InstanceState run(Supplier<InstanceState> step);
}
