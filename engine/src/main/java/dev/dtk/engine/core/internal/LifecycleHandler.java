package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.internal.replay.Staleness;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Terminate, suspend and resume. While Suspended, the instance keeps what arrives in its inbox;
 * resume replays those events in order. Terminate works in any non-finished state.
 */
public final class LifecycleHandler {

    private final CodeRunner runner;

    public LifecycleHandler(CodeRunner runner) {
        this.runner = runner;
    }

    public StepResult terminate(String instanceId, InstanceState state, Terminate terminate, Instant now) {
        StepResult rejection = rejectUnlessActive(instanceId, state, "terminate");
        if (rejection != null) {
            return rejection;
        }
        StepOutput out = runner.output(instanceId, state);
        return out.build(Finishing.terminate(state, terminate.reason(), now, out), now);
    }

    public StepResult suspend(String instanceId, InstanceState state, Suspend suspend, Instant now) {
        StepResult rejection = rejectUnlessActive(instanceId, state, "suspend");
        if (rejection != null) {
            return rejection;
        }
        if (state.runtimeStatus() == RuntimeStatus.Suspended) {
            return StepResult.ignored("instance '" + instanceId + "' is already Suspended; suspend ignored");
        }
        List<HistoryEvent> history = new ArrayList<>(state.history());
        history.add(new HistoryEvent.ExecutionSuspended(now, suspend.reason()));
        return runner.output(instanceId, state)
                .build(state.withHistory(history).withStatus(RuntimeStatus.Suspended, now), now);
    }

    public StepResult resume(String instanceId, InstanceState state, Resume resume, Instant now) {
        StepResult rejection = rejectUnlessActive(instanceId, state, "resume");
        if (rejection != null) {
            return rejection;
        }
        if (state.runtimeStatus() != RuntimeStatus.Suspended) {
            return StepResult.ignored("instance '" + instanceId + "' is " + state.runtimeStatus()
                    + ", not Suspended; resume ignored");
        }
        List<HistoryEvent> events = new ArrayList<>();
        events.add(new HistoryEvent.OrchestratorStarted(now));
        events.add(new HistoryEvent.ExecutionResumed(now, resume.reason()));
        events.addAll(state.suspendedInbox());
        InstanceState running = state.withSuspendedInbox(List.of()).withStatus(RuntimeStatus.Running, now);
        return runner.run(instanceId, state, running, events, now);
    }

    private static StepResult rejectUnlessActive(String instanceId, InstanceState state, String command) {
        if (state == null) {
            return StepResult.refused("no instance '" + instanceId + "' exists; cannot " + command + " it");
        }
        if (state.isTerminal()) {
            return StepResult.ignored(Staleness.finished(instanceId, state) + "; " + command + " ignored");
        }
        return null;
    }
}
