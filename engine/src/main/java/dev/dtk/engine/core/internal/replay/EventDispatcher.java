package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;

/**
 * Applies one history event to the tasks of a run. Scheduled actions need nothing here: they are
 * checked against the history when the code produces them ({@link ActionLog}).
 */
final class EventDispatcher {

    private EventDispatcher() {
    }

    static void apply(ReplayContext ctx, HistoryEvent event) {
        switch (event) {
            case HistoryEvent.OrchestratorStarted e -> ctx.stepStarted(e.timestamp());
            case HistoryEvent.TaskCompleted e -> {
                if (ctx.openTask(e.taskId()) instanceof ActivityCallTask<?> task) {
                    task.onCompleted(e.result());
                }
            }
            case HistoryEvent.TaskFailed e -> {
                if (ctx.openTask(e.taskId()) instanceof ActivityCallTask<?> task) {
                    task.onFailed(e.failure());
                }
            }
            case HistoryEvent.TimerFired e -> {
                if (ctx.openTask(e.timerId()) instanceof TimerTask timer) {
                    timer.fire();
                }
            }
            case HistoryEvent.EventRaised e -> ctx.inbox().deliver(e);
            case HistoryEvent.SubOrchestrationCompleted e -> {
                if (ctx.openTask(e.taskId()) instanceof SubOrchestrationTask<?> task) {
                    task.onCompleted(e.result());
                }
            }
            case HistoryEvent.SubOrchestrationFailed e -> {
                if (ctx.openTask(e.taskId()) instanceof SubOrchestrationTask<?> task) {
                    task.onFailed(e.failure());
                }
            }
            default -> {
                // ExecutionStarted, scheduled actions, cancellations, suspend/resume: nothing to deliver
            }
        }
    }
}
