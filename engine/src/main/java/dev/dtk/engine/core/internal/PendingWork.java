package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the current execution of an instance waits for, read from its history and its suspended
 * inbox: timers not yet fired or cancelled, activities and sub-orchestrations without a result.
 */
public final class PendingWork {

    private final Map<Integer, Instant> timers = new LinkedHashMap<>();
    private final Set<Integer> activities = new HashSet<>();
    private final Set<Integer> finishedActivities = new HashSet<>();
    private final Set<Integer> subOrchestrations = new HashSet<>();
    private final Set<Integer> finishedSubOrchestrations = new HashSet<>();

    private PendingWork() {
    }

    /** Nothing is pending for a missing or finished instance. */
    public static PendingWork of(InstanceState state) {
        PendingWork work = new PendingWork();
        if (state != null && !state.isTerminal()) {
            state.history().forEach(work::add);
            state.suspendedInbox().forEach(work::add);
        }
        return work;
    }

    private void add(HistoryEvent event) {
        switch (event) {
            case HistoryEvent.TimerCreated e -> timers.put(e.timerId(), e.fireAt());
            case HistoryEvent.TimerFired e -> timers.remove(e.timerId());
            case HistoryEvent.TimerCancelled e -> timers.remove(e.timerId());
            case HistoryEvent.TaskScheduled e -> activities.add(e.taskId());
            case HistoryEvent.TaskCompleted e -> finishActivity(e.taskId());
            case HistoryEvent.TaskFailed e -> finishActivity(e.taskId());
            case HistoryEvent.SubOrchestrationCreated e -> subOrchestrations.add(e.taskId());
            case HistoryEvent.SubOrchestrationCompleted e -> finishSubOrchestration(e.taskId());
            case HistoryEvent.SubOrchestrationFailed e -> finishSubOrchestration(e.taskId());
            default -> {
            }
        }
    }

    private void finishActivity(int taskId) {
        activities.remove(taskId);
        finishedActivities.add(taskId);
    }

    private void finishSubOrchestration(int taskId) {
        subOrchestrations.remove(taskId);
        finishedSubOrchestrations.add(taskId);
    }

    /** Pending timers by ID, with their due times, in the order they were created. */
    public Map<Integer, Instant> timers() {
        return Map.copyOf(timers);
    }

    public boolean isTimerPending(int timerId) {
        return timers.containsKey(timerId);
    }

    public boolean isActivityPending(int taskId) {
        return activities.contains(taskId);
    }

    public boolean isActivityFinished(int taskId) {
        return finishedActivities.contains(taskId);
    }

    public boolean isSubOrchestrationPending(int taskId) {
        return subOrchestrations.contains(taskId);
    }

    public boolean isSubOrchestrationFinished(int taskId) {
        return finishedSubOrchestrations.contains(taskId);
    }

    Map<Integer, Instant> timersInOrder() {
        return timers;
    }
}
