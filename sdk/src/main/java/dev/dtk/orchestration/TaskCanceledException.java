package dev.dtk.orchestration;

/** Thrown by {@link Task#await()} for a cancelled timer or an external event wait that timed out. */
public class TaskCanceledException extends RuntimeException {

    public TaskCanceledException(String message) {
        super(message);
    }
}
