package dev.dtk.worker.internal;

import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;

/**
 * What identifies one run of a task: a step the engine redoes after a crash sends its tasks again
 * with the same four values, and a rewind sends a task again with one more rewind.
 */
public record TaskKey(String instanceId, String executionId, int taskId, int rewinds) {

    public static TaskKey of(ActivityTask task) {
        return new TaskKey(task.instanceId(), task.executionId(), task.taskId(), task.rewinds());
    }

    public static TaskKey of(ActivityResult result) {
        return new TaskKey(result.instanceId(), result.executionId(), result.taskId(), result.rewinds());
    }

    @Override
    public String toString() {
        return instanceId + "/" + executionId + "#" + taskId + (rewinds == 0 ? "" : " (rewound " + rewinds + "x)");
    }
}
