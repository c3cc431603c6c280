package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the current execution of an instance waits for, read from its history and its suspended
 * inbox: every action of a kind that has an outcome (activity, timer, sub-orchestration) that has
 * not had one yet, and which sequence numbers are finished.
 */
public final class PendingWork {

    private final List<HistoryEvent> history;
    private final List<HistoryEvent> inbox;

    private PendingWork(List<HistoryEvent> history, List<HistoryEvent> inbox) {
        this.history = history;
        this.inbox = inbox;
    }

    /** Nothing is pending for a missing or finished instance. */
    public static PendingWork of(InstanceState state) {
        if (state == null || state.isTerminal()) {
            return new PendingWork(List.of(), List.of());
        }
        return new PendingWork(state.history(), state.suspendedInbox());
    }

    /** Pending timers by ID, with their due times, in the order they were created (reads every event). */
    public Map<Integer, Instant> timers() {
        Map<Integer, HistoryEvent.Action> pending = new LinkedHashMap<>();
        history.forEach(event -> add(pending, event));
        inbox.forEach(event -> add(pending, event));
        Map<Integer, Instant> timers = new LinkedHashMap<>();
        pending.forEach((id, action) -> {
            if (action instanceof HistoryEvent.TimerCreated timer) {
                timers.put(id, timer.fireAt());
            }
        });
        return timers;
    }

    private static void add(Map<Integer, HistoryEvent.Action> pending, HistoryEvent event) {
        switch (event) {
            case HistoryEvent.Action action -> {
                if (Kinds.awaitsOutcome(action)) {
                    pending.put(action.sequenceNumber(), action);
                }
            }
            case HistoryEvent.Outcome outcome -> pending.remove(outcome.sequenceNumber());
            case HistoryEvent.TimerCancelled cancelled -> pending.remove(cancelled.timerId());
            // not about a task
            case HistoryEvent.ExecutionEvent e -> { }
            case HistoryEvent.EventRaised e -> { }
        }
    }

    /** Whether action {@code sequenceNumber} is of kind {@code kind} and waits for its outcome. */
    public boolean isPending(int sequenceNumber, Class<? extends HistoryEvent.Action> kind) {
        HistoryEvent last = lastAbout(sequenceNumber);
        return last instanceof HistoryEvent.Action action && kind.isInstance(action) && Kinds.awaitsOutcome(action);
    }

    /** Whether action {@code sequenceNumber} has had its outcome. */
    public boolean isFinished(int sequenceNumber) {
        return lastAbout(sequenceNumber) instanceof HistoryEvent.Outcome;
    }

    /**
     * The latest event about sequence number {@code id} (its action, its outcome or a cancellation; a
     * rewound failure no longer counts), looking from the end: a step asks about one task, and the answer is usually
     * among the latest events. No index to build, so an instance with a long history costs a scan of
     * plain comparisons, not a map of every task.
     */
    private HistoryEvent lastAbout(int id) {
        for (List<HistoryEvent> list : List.of(inbox, history)) {
            for (int i = list.size() - 1; i >= 0; i--) {
                HistoryEvent event = list.get(i);
                boolean about = switch (event) {
                    case HistoryEvent.Action action -> action.sequenceNumber() == id;
                    case HistoryEvent.Outcome outcome -> outcome.sequenceNumber() == id;
                    case HistoryEvent.TimerCancelled cancelled -> cancelled.timerId() == id;
                    // not about a task (a rewound failure is no longer its outcome)
                    case HistoryEvent.ExecutionEvent e -> false;
                    case HistoryEvent.EventRaised e -> false;
                };
                if (about) {
                    return event;
                }
            }
        }
        return null;
    }
}
