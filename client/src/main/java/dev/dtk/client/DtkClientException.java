package dev.dtk.client;

/** A request {@link DtkClient} refuses or cannot carry out; the subclass says why, the message says what to do. */
public abstract sealed class DtkClientException extends RuntimeException
        permits InstanceNotFoundException, InstanceFinishedException, InstanceStateConflictException,
        UnknownOrchestratorException, UnknownEntityException, DtkUnavailableException {

    protected DtkClientException(String message) {
        super(message, null, false, false);
    }

    protected DtkClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
