package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A work item on {@code dtk.tasks.<queue>}, keyed by instance ID: run activity {@code name} with
 * {@code input} for task {@code taskId} of execution {@code executionId} of that instance.
 * {@code rewinds} counts how often a rewind sent the task again (0, and left out of the JSON, for
 * every task that was not rewound). The four of them identify one run of a task: a step the engine
 * redoes after a crash sends a task with the same four, and a worker that already ran it answers
 * with the result it recorded instead of running it again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActivityTask(
        int v, String instanceId, String executionId, int taskId, String name, JsonNode input, Instant scheduledAt,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int rewinds)
        implements WireMessage {

    public ActivityTask {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(name, "name");
        if (rewinds < 0) {
            throw new IllegalArgumentException("rewinds must not be negative, got " + rewinds);
        }
    }

    /** A task that was never rewound. */
    public ActivityTask(int v, String instanceId, String executionId, int taskId, String name, JsonNode input,
            Instant scheduledAt) {
        this(v, instanceId, executionId, taskId, name, input, scheduledAt, 0);
    }
}
