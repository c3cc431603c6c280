package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A work item on {@code dtk.tasks.<queue>}, keyed by instance ID: run activity {@code name} with
 * {@code input} for task {@code taskId} of execution {@code executionId} of that instance.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityTask(
        int v, String instanceId, String executionId, int taskId, String name, JsonNode input, Instant scheduledAt)
        implements WireMessage {

    public ActivityTask {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(name, "name");
    }
}
