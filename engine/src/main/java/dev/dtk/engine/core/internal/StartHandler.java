package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.LiveRuns;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.internal.replay.Payloads;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Instant;
import java.util.List;

/**
 * Starts an instance: a new one, or a fresh run of a finished one (new execution, empty history).
 * Starting an instance that is still running is refused. A start of an orchestrator no engine knows
 * is not lost in the dead letters: the instance exists and is Failed with the reason, as Durable
 * Functions shows it, so every client sees why (and its parent's task fails).
 */
public final class StartHandler {

    /** The error type of an instance started with an orchestrator name nobody registered. */
    public static final String UNKNOWN_ORCHESTRATOR_ERROR_TYPE = "OrchestratorNotFoundException";

    private final CodeRunner runner;

    public StartHandler(CodeRunner runner) {
        this.runner = runner;
    }

    /**
     * Starts an execution; a run that waits at the end of the step is kept in {@code live}.
     *
     * @param source where the start's record was read (see {@link dev.dtk.engine.core.Inbound.CommandReceived}),
     *     null when not from Kafka
     */
    public StepResult apply(String instanceId, InstanceState state, StartOrchestration start, String source,
            Instant now, LiveRuns live) {
        String tooLarge = Payloads.problem(runner.rules().limits(), "the input of orchestration '" + start.name() + "'",
                start.input());
        if (tooLarge != null) {
            return StepResult.refused(tooLarge);
        }
        if (state != null && !state.isTerminal()) {
            return StepResult.refused("instance '" + instanceId + "' is already " + state.runtimeStatus()
                    + "; terminate it first or use another instance ID");
        }
        int generation = state == null ? 0 : state.generation() + 1;
        String executionId = ExecutionIds.ofStart(instanceId, generation, source, now);
        InstanceState fresh = new InstanceState(start.name(), executionId, generation, start.input(),
                RuntimeStatus.Running, now, now, null, null, null, start.parent(), 0, List.of(), List.of());
        List<HistoryEvent> events = List.of(
                new HistoryEvent.OrchestratorStarted(now),
                new HistoryEvent.ExecutionStarted(now, start.name(), executionId, start.input(), start.parent()));
        if (!runner.knows(start.name())) {
            StepOutput out = runner.output(instanceId, state);
            return out.build(Finishing.fail(fresh.withHistory(events), FailureDetails.of(
                    UNKNOWN_ORCHESTRATOR_ERROR_TYPE, runner.unknownOrchestrator(start.name())), now, out), now);
        }
        return runner.run(instanceId, state, fresh, events, now, live);
    }
}
