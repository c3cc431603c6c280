package dev.dtk.orchestration;

import java.util.Objects;

/** Thrown by {@link Task#await()} when an activity or a sub-orchestration failed. */
public class TaskFailedException extends RuntimeException {

    private final String taskName;
    private final int taskId;
    private final transient FailureDetails failureDetails;

    public TaskFailedException(String taskName, int taskId, FailureDetails failureDetails) {
        super("Task '" + taskName + "' (#" + taskId + ") failed: " + failureDetails.errorType() + ": "
                + failureDetails.errorMessage());
        this.taskName = taskName;
        this.taskId = taskId;
        this.failureDetails = Objects.requireNonNull(failureDetails, "failureDetails");
    }

    /** The activity's or the sub-orchestrator's name. */
    public String getTaskName() {
        return taskName;
    }

    /** The task's sequence number in the orchestration. */
    public int getTaskId() {
        return taskId;
    }

    /** What went wrong in the activity or the sub-orchestration. */
    public FailureDetails getFailureDetails() {
        return failureDetails;
    }
}
