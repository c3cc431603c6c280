package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.topics.Limits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hands out sequence numbers and checks each action the code produces against the action the
 * history recorded under the same number. Actions the history does not know yet are new: they
 * are what this step records and executes.
 */
final class ActionLog {

    private static final String LIKELY_CAUSE = " The orchestrator code was probably changed while this instance was"
            + " in flight: deploy incompatible changes under a new orchestrator name, or let running instances"
            + " finish first.";

    private final Map<Integer, HistoryEvent.Action> recorded = new TreeMap<>();
    private final Set<Integer> recordedCancellations = new HashSet<>();
    private final Set<Integer> matched = new HashSet<>();
    private final List<HistoryEvent> newEvents = new ArrayList<>();
    private int nextId;
    private int reported;
    private String mismatch;

    private final Limits limits;

    ActionLog(List<HistoryEvent> history, Limits limits) {
        this.limits = limits;
        for (HistoryEvent event : history) {
            if (event instanceof HistoryEvent.Action action) {
                recorded.put(action.sequenceNumber(), action);
            }
            if (event instanceof HistoryEvent.TimerCancelled cancelled) {
                recordedCancellations.add(cancelled.timerId());
            }
        }
    }

    int nextId() {
        return nextId++;
    }

    /** Records {@code action}; throws {@link NonDeterminismDetected} when history has another action there. */
    void schedule(HistoryEvent.Action action) {
        int id = action.sequenceNumber();
        HistoryEvent.Action expected = recorded.get(id);
        if (expected == null) {
            String tooLarge = Payloads.problem(limits, "the input of " + describe(action), Kinds.payload(action));
            if (tooLarge != null) {
                throw new IllegalArgumentException(tooLarge);
            }
            newEvents.add(action);
            return;
        }
        matched.add(id);
        if (!describe(expected).equals(describe(action))) {
            if (mismatch == null) {
                mismatch = "Non-deterministic orchestration: history recorded " + describe(expected) + " as action #"
                        + id + ", but the orchestrator code now produced " + describe(action) + "." + LIKELY_CAUSE;
            }
            throw new NonDeterminismDetected(mismatch);
        }
    }

    void cancelTimer(HistoryEvent.TimerCancelled cancellation) {
        if (!recordedCancellations.contains(cancellation.timerId())) {
            newEvents.add(cancellation);
        }
    }

    /** The first difference between the code and the history, if any. */
    Optional<String> nonDeterminism() {
        if (mismatch != null) {
            return Optional.of(mismatch);
        }
        return recorded.entrySet().stream()
                .filter(entry -> !matched.contains(entry.getKey()))
                .findFirst()
                .map(entry -> "Non-deterministic orchestration: history recorded " + describe(entry.getValue())
                        + " as action #" + entry.getKey() + ", but the orchestrator code no longer produced it."
                        + LIKELY_CAUSE);
    }

    /**
     * Actions and cancellations that are new since the last call (in a run of one step: in this run),
     * in the order the code produced them.
     */
    List<HistoryEvent> takeNewEvents() {
        List<HistoryEvent> taken = List.copyOf(newEvents.subList(reported, newEvents.size()));
        reported = newEvents.size();
        return taken;
    }

    private static String describe(HistoryEvent.Action action) {
        return Kinds.describe(action);
    }
}
