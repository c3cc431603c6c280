package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * What a run of a task saved before a side effect ({@code ActivityContext.checkpoint}), so that a later
 * run of the same task (its worker died before the result was recorded) can tell what was already done.
 * A worker writes it to the task's own topic and partition, right after the task, keyed by instance ID,
 * with the header {@value #HEADER}: the worker that takes the partition over reads it back with the
 * tasks it is about to be handed. Workers skip such records when they read tasks; the engine never
 * reads task topics.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityCheckpoint(int v, String instanceId, String executionId, int taskId,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rewinds, JsonNode value, Instant savedAt)
        implements WireMessage {

    /** The header that marks a checkpoint among the tasks of a queue. */
    public static final String HEADER = "dtk-checkpoint";

    public ActivityCheckpoint {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
    }

    /** The checkpoint of {@code task} holding {@code value}. */
    public static ActivityCheckpoint of(ActivityTask task, JsonNode value, Instant savedAt) {
        return new ActivityCheckpoint(CURRENT_VERSION, task.instanceId(), task.executionId(), task.taskId(),
                task.rewinds(), value, savedAt);
    }
}
