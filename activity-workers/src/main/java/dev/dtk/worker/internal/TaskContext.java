package dev.dtk.worker.internal;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.activity.ActivityContext;
import java.util.Optional;

/** The {@link ActivityContext} of one task. */
record TaskContext(ActivityTask task, TaskCheckpoint checkpoint) implements ActivityContext {

    @Override
    public String getName() {
        return task.name();
    }

    @Override
    public String getInstanceId() {
        return task.instanceId();
    }

    @Override
    public String getExecutionId() {
        return task.executionId();
    }

    @Override
    public int getTaskId() {
        return task.taskId();
    }

    @Override
    public <T> T getInput(Class<T> type) {
        return DtkJson.fromTree(task.input(), type);
    }

    @Override
    public void checkpoint(Object value) {
        checkpoint.save(DtkJson.toTree(value));
    }

    @Override
    public <T> Optional<T> getCheckpoint(Class<T> type) {
        return checkpoint.saved().map(saved -> DtkJson.fromTree(saved, type));
    }
}
