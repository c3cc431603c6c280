package dev.dtk.engine.core.internal.replay;

/** One attempt at a sub-orchestration: ended by {@code SubOrchestrationCompleted/Failed}. */
final class SubOrchestrationTask<V> extends ResultTask<V> {

    final String childInstanceId;

    SubOrchestrationTask(ReplayContext ctx, String name, int taskId, String childInstanceId, Class<V> type) {
        super(ctx, name, taskId, type);
        this.childInstanceId = childInstanceId;
    }

    @Override
    public String toString() {
        return "sub-orchestration '" + name + "' (#" + taskId + ", instance '" + childInstanceId + "')";
    }
}
