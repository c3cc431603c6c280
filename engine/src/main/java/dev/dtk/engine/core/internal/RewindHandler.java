package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.internal.replay.ActivityKind;
import dev.dtk.engine.core.internal.replay.EntityLockKind;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewind of a Failed instance: the activity failures that ended it are marked
 * {@link HistoryEvent.TaskRewound} (kept, but ignored by replay), its {@code ExecutionCompleted} is
 * replaced by an {@link HistoryEvent.ExecutionRewound} that keeps the failure, the activities run
 * again, and the instance is Running in the same execution, continuing from where it failed.
 *
 * <p>The failures that ended the instance are the activity failures recorded after the code's last
 * action: a failure the code handled (by retrying, or by catching it and going on) is followed by
 * an action and stays as it is. When no activity failure ended the instance (the code threw by
 * itself, or a sub-orchestration failed), rewind runs the code again over its history.
 */
public final class RewindHandler {

    private final CodeRunner runner;
    private final ActivityRouting routing;

    public RewindHandler(CodeRunner runner, ActivityRouting routing) {
        this.runner = runner;
        this.routing = routing;
    }

    public StepResult apply(String instanceId, InstanceState state, Rewind rewind, Instant now) {
        if (state == null) {
            return StepResult.refused("no instance '" + instanceId + "' exists; cannot rewind it");
        }
        if (state.runtimeStatus() != RuntimeStatus.Failed) {
            return StepResult.ignored("instance '" + instanceId + "' is " + state.runtimeStatus()
                    + ", not Failed; rewind ignored");
        }
        if (EntityLockKind.everLocked(state.history())) {
            return StepResult.refused("instance '" + instanceId + "' locked entities before it failed; its locks were"
                    + " released when it failed, so it cannot go on from where it was: start it again instead");
        }
        List<HistoryEvent> history = new ArrayList<>(state.history());
        FailureDetails failure = removeExecutionCompleted(history, state.failureDetails());
        int lastAction = lastActionIndex(history);
        List<Outbound> resend = new ArrayList<>();
        for (int i = lastAction + 1; i < history.size(); i++) {
            if (history.get(i) instanceof HistoryEvent.TaskFailed failed) {
                HistoryEvent.TaskScheduled scheduled = scheduled(history, failed.taskId());
                if (scheduled != null && routing.isKnown(scheduled.queue())) {
                    history.set(i, new HistoryEvent.TaskRewound(failed.timestamp(), failed.taskId(), failed.failure()));
                    resend.add(ActivityKind.schedule(instanceId, state.executionId(), scheduled, now,
                            rewinds(history, failed.taskId())));
                }
            }
        }
        InstanceState running = new InstanceState(state.name(), state.executionId(), state.generation(),
                state.input(), RuntimeStatus.Running, state.createdTime(), now, null, state.customStatus(), null,
                state.parent(), state.historyBytes(), history, List.of());
        List<HistoryEvent> events = List.of(new HistoryEvent.OrchestratorStarted(now),
                new HistoryEvent.ExecutionRewound(now, rewind.reason(), failure));
        return runner.run(instanceId, state, running, events, now, resend);
    }

    private static FailureDetails removeExecutionCompleted(List<HistoryEvent> history, FailureDetails fallback) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof HistoryEvent.ExecutionCompleted completed) {
                history.remove(i);
                return completed.failure() != null ? completed.failure() : fallback;
            }
        }
        return fallback;
    }

    private static int lastActionIndex(List<HistoryEvent> history) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i) instanceof HistoryEvent.Action) {
                return i;
            }
        }
        return -1;
    }

    /** How often task {@code taskId} was rewound: its run after this rewind is told apart from the ones before. */
    private static int rewinds(List<HistoryEvent> history, int taskId) {
        int count = 0;
        for (HistoryEvent event : history) {
            if (event instanceof HistoryEvent.TaskRewound rewound && rewound.taskId() == taskId) {
                count++;
            }
        }
        return count;
    }

    private static HistoryEvent.TaskScheduled scheduled(List<HistoryEvent> history, int taskId) {
        for (HistoryEvent event : history) {
            if (event instanceof HistoryEvent.TaskScheduled s && s.taskId() == taskId) {
                return s;
            }
        }
        return null;
    }
}
