package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.TimerChange;
import dev.dtk.engine.core.internal.replay.PendingWork;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.FailureDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects what a changing step produces, and builds its {@link StepResult}. Timer changes are
 * the difference between the pending timers before and after the step, so the timer store
 * always holds exactly the pending timers of running instances.
 */
public final class StepOutput {

    /** The error type of an instance whose history passed the limits. */
    public static final String HISTORY_LIMIT_ERROR_TYPE = "HistoryLimitExceededException";

    private final String instanceId;
    private final InstanceState before;
    private final Limits limits;
    private final List<Outbound> outbound = new ArrayList<>();

    public StepOutput(String instanceId, InstanceState before, Limits limits) {
        this.instanceId = instanceId;
        this.before = before;
        this.limits = limits;
    }

    public String instanceId() {
        return instanceId;
    }

    public void send(Outbound record) {
        outbound.add(record);
    }

    /**
     * The result of a step that leaves the instance in state {@code after} (stamped with {@code now}). A
     * live instance whose history would pass the limits fails instead, with what it scheduled in this
     * step left unsent: its state stays within what a record can hold.
     */
    public StepResult build(InstanceState after, Instant now) {
        InstanceState stamped = measured(after.withStatus(after.runtimeStatus(), now));
        String overLimit = stamped.isTerminal() ? null : historyProblem(stamped);
        if (overLimit != null) {
            outbound.clear();
            stamped = measured(Finishing.fail(stamped, FailureDetails.of(HISTORY_LIMIT_ERROR_TYPE, overLimit), now,
                    this));
        }
        return new StepResult(stamped, true, outbound, timerChanges(stamped), StatusView.of(instanceId, stamped),
                null, null, HistoryDiff.unchangedPrefix(before, stamped, InstanceState::history),
                HistoryDiff.unchangedPrefix(before, stamped, InstanceState::suspendedInbox));
    }

    public Limits limits() {
        return limits;
    }

    /** {@code state} with the size of its history: what this step added to what was stored, or all of it. */
    private InstanceState measured(InstanceState state) {
        int kept = HistoryDiff.unchangedPrefix(before, state, InstanceState::history);
        long bytes = kept == 0 ? 0 : before.historyBytes();
        for (HistoryEvent event : state.history().subList(kept, state.history().size())) {
            bytes += HistoryDiff.size(event);
        }
        return state.withHistoryBytes(bytes);
    }

    private String historyProblem(InstanceState state) {
        if (state.history().size() > limits.maxHistoryEvents()) {
            return "the history of this execution has " + state.history().size() + " events, over the limit of "
                    + limits.maxHistoryEvents() + " (DTK_MAX_HISTORY_EVENTS); call continueAsNew now and then to"
                    + " start afresh with a small input, or schedule fewer tasks per execution";
        }
        if (state.historyBytes() > limits.maxHistoryBytes()) {
            return "the history of this execution is " + state.historyBytes() + " bytes, over the limit of "
                    + limits.maxHistoryBytes() + " bytes (DTK_MAX_HISTORY_BYTES); call continueAsNew now and then"
                    + " to start afresh, or keep large data out of inputs and results";
        }
        return null;
    }

    private List<TimerChange> timerChanges(InstanceState after) {
        boolean sameExecution = before != null && before.executionId().equals(after.executionId());
        if (sameExecution && !before.isTerminal() && !after.isTerminal()
                && HistoryDiff.unchangedPrefix(before, after, InstanceState::history) == before.history().size()
                && HistoryDiff.unchangedPrefix(before, after, InstanceState::suspendedInbox)
                        == before.suspendedInbox().size()) {
            return appendedTimerChanges(after);
        }
        Map<Integer, Instant> old = PendingWork.of(before).timers();
        Map<Integer, Instant> current = PendingWork.of(after).timers();
        List<TimerChange> changes = new ArrayList<>();
        old.forEach((id, fireAt) -> {
            if (!sameExecution || !fireAt.equals(current.get(id))) {
                changes.add(new TimerChange.Remove(id, fireAt));
            }
        });
        current.forEach((id, fireAt) -> {
            if (!sameExecution || !fireAt.equals(old.get(id))) {
                changes.add(new TimerChange.Add(id, fireAt, after.executionId()));
            }
        });
        return changes;
    }

    /**
     * The timer changes of a step that only appended to a live instance's lists: what the appended events
     * created, fired or cancelled (a step costs what it adds, however many timers wait).
     */
    private List<TimerChange> appendedTimerChanges(InstanceState after) {
        Map<Integer, Instant> created = new java.util.LinkedHashMap<>();
        List<TimerChange> removals = new ArrayList<>();
        java.util.function.Consumer<HistoryEvent> visit = event -> {
            switch (event) {
                case HistoryEvent.TimerCreated timer -> created.put(timer.timerId(), timer.fireAt());
                case HistoryEvent.TimerFired fired -> {
                    if (created.remove(fired.timerId()) == null) {
                        removals.add(new TimerChange.Remove(fired.timerId(), fired.fireAt()));
                    }
                }
                case HistoryEvent.TimerCancelled cancelled -> {
                    if (created.remove(cancelled.timerId()) == null) {
                        Instant fireAt = storedFireAt(cancelled.timerId());
                        if (fireAt != null) {
                            removals.add(new TimerChange.Remove(cancelled.timerId(), fireAt));
                        }
                    }
                }
                // the other kinds of task set no timer
                case HistoryEvent.Action other -> { }
                case HistoryEvent.Outcome other -> { }
                case HistoryEvent.ExecutionEvent e -> { }
                case HistoryEvent.EventRaised e -> { }
            }
        };
        after.history().subList(before.history().size(), after.history().size()).forEach(visit);
        after.suspendedInbox().subList(before.suspendedInbox().size(), after.suspendedInbox().size()).forEach(visit);
        List<TimerChange> changes = new ArrayList<>(removals);
        created.forEach((id, fireAt) -> changes.add(new TimerChange.Add(id, fireAt, after.executionId())));
        return changes;
    }

    /** When stored timer {@code timerId} was due, if it is still pending (a scan from the end, for a cancellation). */
    private Instant storedFireAt(int timerId) {
        if (!PendingWork.of(before).isPending(timerId, HistoryEvent.TimerCreated.class)) {
            return null;
        }
        List<HistoryEvent> history = before.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof HistoryEvent.TimerCreated timer && timer.timerId() == timerId) {
                return timer.fireAt();
            }
        }
        return null;
    }
}
