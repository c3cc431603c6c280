package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import java.time.Instant;

/**
 * Checks events addressed to an instance (external events, activity results, due timers,
 * sub-orchestration results) and turns the ones it waits for into history events. Results and
 * timers that are stale, duplicated or unknown are ignored: at-least-once delivery makes them normal.
 */
public final class EventAdmission {

    private EventAdmission() {
    }

    public static Admission raiseEvent(String instanceId, InstanceState state, RaiseEvent event, Instant now) {
        if (state == null) {
            return Admission.refuse("no instance '" + instanceId + "' exists; cannot raise event '" + event.name()
                    + "' (start the instance first)");
        }
        if (state.isTerminal()) {
            return Admission.ignore(finished(instanceId, state) + "; event '" + event.name() + "' ignored");
        }
        return Admission.accept(new HistoryEvent.EventRaised(now, event.name(), event.input()));
    }

    public static Admission activityResult(String instanceId, InstanceState state, ActivityResult result,
            Instant now) {
        String what = "result of activity task #" + result.taskId() + " ('" + result.name() + "')";
        String problem = staleness(instanceId, state, result.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isActivityPending(result.taskId())) {
            return Admission.accept(switch (result) {
                case ActivityCompleted c -> new HistoryEvent.TaskCompleted(now, c.taskId(), c.output());
                case ActivityFailed f -> new HistoryEvent.TaskFailed(now, f.taskId(), f.failure());
            });
        }
        return Admission.ignore(pending.isActivityFinished(result.taskId())
                ? "duplicate " + what + " for instance '" + instanceId + "': the task already has a result"
                : what + " for instance '" + instanceId + "': no such activity task was scheduled");
    }

    public static Admission timerDue(String instanceId, InstanceState state, Inbound.TimerDue due, Instant now) {
        String what = "due timer #" + due.timerId();
        String problem = staleness(instanceId, state, due.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        if (!PendingWork.of(state).isTimerPending(due.timerId())) {
            return Admission.ignore(what + " for instance '" + instanceId
                    + "': the timer is not pending (it fired, was cancelled or never existed)");
        }
        return Admission.accept(new HistoryEvent.TimerFired(now, due.timerId(), due.fireAt()));
    }

    public static Admission subOrchestrationResult(String instanceId, InstanceState state,
            SubOrchestrationCompleted result, Instant now) {
        String what = "result of sub-orchestration '" + result.childInstanceId() + "' (task #" + result.taskId() + ")";
        String problem = staleness(instanceId, state, result.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isSubOrchestrationPending(result.taskId())) {
            return Admission.accept(result.failure() != null
                    ? new HistoryEvent.SubOrchestrationFailed(now, result.taskId(), result.failure())
                    : new HistoryEvent.SubOrchestrationCompleted(now, result.taskId(), result.output()));
        }
        return Admission.ignore(pending.isSubOrchestrationFinished(result.taskId())
                ? "duplicate " + what + " for instance '" + instanceId + "'"
                : what + " for instance '" + instanceId + "': no such sub-orchestration was started");
    }

    /** Why an input for execution {@code executionId} no longer concerns the instance, or null. */
    private static String staleness(String instanceId, InstanceState state, String executionId, String what) {
        if (state == null) {
            return what + " ignored: no instance '" + instanceId + "' exists";
        }
        if (state.isTerminal()) {
            return what + " ignored: " + finished(instanceId, state);
        }
        if (!state.executionId().equals(executionId)) {
            return what + " ignored: it belongs to execution " + executionId + " of instance '" + instanceId
                    + "', the current execution is " + state.executionId();
        }
        return null;
    }

    static String finished(String instanceId, InstanceState state) {
        return "instance '" + instanceId + "' is " + state.runtimeStatus();
    }
}
