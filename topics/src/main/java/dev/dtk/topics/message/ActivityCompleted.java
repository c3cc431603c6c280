package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** The activity returned {@code output}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityCompleted(int v, String instanceId, String executionId, int taskId, String name, JsonNode output)
        implements ActivityResult {

    public ActivityCompleted {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
    }

    public static ActivityCompleted of(ActivityTask task, JsonNode output) {
        return new ActivityCompleted(CURRENT_VERSION, task.instanceId(), task.executionId(), task.taskId(),
                task.name(), output);
    }
}
