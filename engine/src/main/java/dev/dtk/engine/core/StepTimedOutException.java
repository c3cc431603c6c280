package dev.dtk.engine.core;

/** The orchestrator code of a step ran longer than allowed and was abandoned; the message says how long. */
public final class StepTimedOutException extends RuntimeException {

    /** The error type an instance fails with when its code was abandoned. */
    public static final String ERROR_TYPE = "OrchestratorStepTimeout";

    public StepTimedOutException(String message) {
        super(message, null, false, false);
    }
}
