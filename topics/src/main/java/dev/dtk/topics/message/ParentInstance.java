package dev.dtk.topics.message;

import java.util.Objects;

/** The orchestration that started a sub-orchestration, and the task in it that waits for the result. */
public record ParentInstance(String instanceId, String executionId, int taskId) {

    public ParentInstance {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(executionId, "executionId");
    }
}
