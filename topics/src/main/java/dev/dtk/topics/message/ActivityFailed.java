package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** The activity threw, or could not be run at all (for example: no activity by that name). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityFailed(
        int v, String instanceId, String executionId, int taskId, String name, FailureDetails failure,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rewinds)
        implements ActivityResult {

    public ActivityFailed {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(failure, "failure");
    }

    /** The failure of a task that was never rewound. */
    public ActivityFailed(int v, String instanceId, String executionId, int taskId, String name,
            FailureDetails failure) {
        this(v, instanceId, executionId, taskId, name, failure, 0);
    }

    public static ActivityFailed of(ActivityTask task, FailureDetails failure) {
        return new ActivityFailed(CURRENT_VERSION, task.instanceId(), task.executionId(), task.taskId(),
                task.name(), failure, task.rewinds());
    }
}
