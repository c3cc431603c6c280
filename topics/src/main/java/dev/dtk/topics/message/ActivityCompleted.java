package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The activity returned {@code output}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityCompleted(int v, String instanceId, String executionId, int taskId, String name, JsonNode output,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rewinds)
        implements ActivityResult {

    public ActivityCompleted {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
    }

    /** The result of a task that was never rewound. */
    public ActivityCompleted(int v, String instanceId, String executionId, int taskId, String name, JsonNode output) {
        this(v, instanceId, executionId, taskId, name, output, 0);
    }

    public static ActivityCompleted of(ActivityTask task, JsonNode output) {
        return new ActivityCompleted(CURRENT_VERSION, task.instanceId(), task.executionId(), task.taskId(),
                task.name(), output, task.rewinds());
    }
}
