package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the current execution of an instance waits for, read from its history and its suspended
 * inbox: every action of a kind that has an outcome (activity, timer, sub-orchestration) that has
 * not had one yet, and which sequence numbers are finished.
 */
public final class PendingWork {

    private final Map<Integer, HistoryEvent.Action> pending = new LinkedHashMap<>();
    private final Set<Integer> finished = new HashSet<>();

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
            case HistoryEvent.Action action -> {
                if (Kinds.awaitsOutcome(action)) {
                    pending.put(action.sequenceNumber(), action);
                }
            }
            case HistoryEvent.Outcome outcome -> {
                pending.remove(outcome.sequenceNumber());
                finished.add(outcome.sequenceNumber());
            }
            case HistoryEvent.TimerCancelled cancelled -> pending.remove(cancelled.timerId());
            case HistoryEvent.TaskRewound rewound -> finished.remove(rewound.taskId());
            case HistoryEvent.OrchestratorStarted e -> { }
            case HistoryEvent.ExecutionStarted e -> { }
            case HistoryEvent.EventRaised e -> { }
            case HistoryEvent.ExecutionSuspended e -> { }
            case HistoryEvent.ExecutionResumed e -> { }
            case HistoryEvent.ExecutionTerminated e -> { }
            case HistoryEvent.ExecutionCompleted e -> { }
            case HistoryEvent.ExecutionRewound e -> { }
        }
    }

    /** Pending timers by ID, with their due times, in the order they were created. */
    public Map<Integer, Instant> timers() {
        Map<Integer, Instant> timers = new LinkedHashMap<>();
        pending.forEach((id, action) -> {
            if (action instanceof HistoryEvent.TimerCreated timer) {
                timers.put(id, timer.fireAt());
            }
        });
        return timers;
    }

    /** Whether action {@code sequenceNumber} is of kind {@code kind} and waits for its outcome. */
    public boolean isPending(int sequenceNumber, Class<? extends HistoryEvent.Action> kind) {
        return kind.isInstance(pending.get(sequenceNumber));
    }

    /** Whether action {@code sequenceNumber} has had its outcome. */
    public boolean isFinished(int sequenceNumber) {
        return finished.contains(sequenceNumber);
    }
}
