package dev.dtk.orchestration;

/**
 * The code of an orchestration. It is replayed from the start on every step, so it must be
 * deterministic: get time, IDs and everything from the outside world through the
 * {@link OrchestrationContext}, never from the clock, random numbers or I/O.
 */
@FunctionalInterface
public interface Orchestrator {

    /** Runs the orchestration; the return value (converted to JSON) is its output. */
    Object run(OrchestrationContext ctx) throws Exception;
}
