package dev.dtk.engine.core.internal.replay;

/**
 * Thrown by {@code await()} when the task is not finished and the history holds no further event:
 * the run stops here until something new happens. An {@link Error}, so that user code catching
 * {@code Exception} cannot swallow it.
 */
public final class OrchestrationSuspended extends Error {

    OrchestrationSuspended() {
        super("the orchestration waits for a task that is not finished yet; this is not a failure",
                null, false, false);
    }
}
