package dev.dtk.engine.core.internal.replay;

/** One attempt at an activity: completed by {@code TaskCompleted}, failed by {@code TaskFailed}. */
final class ActivityCallTask<V> extends ResultTask<V> {

    ActivityCallTask(ReplayContext ctx, String name, int taskId, Class<V> type) {
        super(ctx, name, taskId, type);
    }

    @Override
    public String toString() {
        return "activity '" + name + "' (#" + taskId + ")";
    }
}
