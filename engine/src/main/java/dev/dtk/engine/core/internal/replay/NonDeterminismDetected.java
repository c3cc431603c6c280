package dev.dtk.engine.core.internal.replay;

/**
 * Thrown into the orchestrator code when it produced an action that differs from the history. An
 * {@link Error} so that user code catching {@code Exception} cannot swallow it; the run also
 * remembers it, so the instance fails even if the code catches it.
 */
public final class NonDeterminismDetected extends Error {

    /** The error type reported in the failure details. */
    public static final String ERROR_TYPE = "NonDeterministicOrchestrationException";

    NonDeterminismDetected(String message) {
        super(message, null, false, false);
    }
}
