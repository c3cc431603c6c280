package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Instant;
import java.util.List;

/**
 * Starts an instance: a new one, or a fresh run of a finished one (new execution, empty
 * history). Starting an instance that is still running is refused.
 */
public final class StartHandler {

    private final CodeRunner runner;

    public StartHandler(CodeRunner runner) {
        this.runner = runner;
    }

    public StepResult apply(String instanceId, InstanceState state, StartOrchestration start, Instant now) {
        if (!runner.knows(start.name())) {
            return StepResult.refused(runner.unknownOrchestrator(start.name()));
        }
        if (state != null && !state.isTerminal()) {
            return StepResult.refused("instance '" + instanceId + "' is already " + state.runtimeStatus()
                    + "; terminate it first or use another instance ID");
        }
        int generation = state == null ? 0 : state.generation() + 1;
        String executionId = ExecutionIds.of(instanceId, now, generation);
        InstanceState fresh = new InstanceState(start.name(), executionId, generation, start.input(),
                RuntimeStatus.Running, now, now, null, null, null, start.parent(), List.of(), List.of());
        List<HistoryEvent> events = List.of(
                new HistoryEvent.OrchestratorStarted(now),
                new HistoryEvent.ExecutionStarted(now, start.name(), executionId, start.input(), start.parent()));
        return runner.run(instanceId, state, fresh, events, now);
    }
}
