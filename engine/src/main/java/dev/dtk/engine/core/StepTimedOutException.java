package dev.dtk.engine.core;

/** The orchestrator code of a step ran longer than allowed and was abandoned; the message says how long. */
public final class StepTimedOutException extends RuntimeException {

    /** The error type an instance fails with when its code was abandoned. */
    public static final String ERROR_TYPE = "OrchestratorStepTimeout";

    public StepTimedOutException(String message) {
        super(message, null, false, false);
    }

    /** The code of a step ran longer than {@code limit}. */
    public static StepTimedOutException after(java.time.Duration limit) {
        return new StepTimedOutException("the orchestrator code ran longer than " + limit + " in one step and"
                + " was abandoned (DTK_ORCHESTRATOR_STEP_TIMEOUT_MS); orchestrator code must not loop or block:"
                + " wait with createTimer and do slow work in activities");
    }
}
