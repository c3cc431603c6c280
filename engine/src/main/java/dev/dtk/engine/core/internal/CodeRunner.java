package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.CodeGuard;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.LiveRuns;
import dev.dtk.engine.core.internal.replay.StepBudget;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.core.StepTimedOutException;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.message.FailureDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds an instance's orchestrator and runs it for one step, under the {@link CodeGuard}: code that
 * runs too long is abandoned and the instance fails saying so.
 */
public final class CodeRunner {

    private final OrchestratorRegistry registry;
    private final StepRules rules;
    private final CodeGuard guard;
    private final ExecutionDriver driver;

    public CodeRunner(OrchestratorRegistry registry, StepRules rules, CodeGuard guard) {
        this.registry = registry;
        this.rules = rules;
        this.guard = guard;
        this.driver = new ExecutionDriver(rules);
    }

    /**
     * Runs {@code state} with {@code newEvents}; {@code before} is the stored state (null for a new
     * instance), from which the timer changes are computed.
     */
    public StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now) {
        return run(instanceId, before, state, newEvents, now, List.of(), LiveRuns.NONE);
    }

    /** As {@link #run(String, InstanceState, InstanceState, List, Instant)}, going on in a run kept in {@code live}. */
    public StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, LiveRuns live) {
        return run(instanceId, before, state, newEvents, now, List.of(), live);
    }

    /** As {@link #run(String, InstanceState, InstanceState, List, Instant)}, sending {@code first} before the run's records. */
    public StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, List<Outbound> first) {
        return run(instanceId, before, state, newEvents, now, first, LiveRuns.NONE);
    }

    private StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, List<Outbound> first, LiveRuns live) {
        Optional<Orchestrator> orchestrator = registry.find(state.name());
        if (orchestrator.isEmpty()) {
            return StepResult.refused(unknownOrchestrator(state.name()));
        }
        StepOutput out = output(instanceId, before);
        first.forEach(out::send);
        InstanceState after;
        try {
            if (live != LiveRuns.NONE && guard.limit() != null) {
                // the code runs on the live run's own thread anyway: wait for it here, at most the limit,
                // rather than hand the step to a guard thread that waits (two thread switches a step)
                after = runLive(orchestrator.get(), state, newEvents, now, out, live);
            } else {
                after = guard.run(() -> driver.run(orchestrator.get(), state, newEvents, now, out, live));
            }
        } catch (StepTimedOutException e) {
            // the abandoned run may still touch its own output: start from a clean one
            StepOutput failed = output(instanceId, before);
            List<HistoryEvent> history = new ArrayList<>(state.history());
            history.addAll(newEvents);
            return failed.build(Finishing.fail(state.withHistory(history),
                    FailureDetails.of(StepTimedOutException.ERROR_TYPE, e.getMessage()), now, failed), now);
        }
        return out.build(after, now);
    }

    /**
     * Hands {@code newEvents} to the code of {@code state} where it waits in a run kept in {@code live}, and
     * returns at once ({@link ExecutionDriver#offer}); a {@link #run} with the same events then goes on.
     */
    public boolean offer(String instanceId, InstanceState state, List<HistoryEvent> newEvents, LiveRuns live) {
        return live != LiveRuns.NONE && registry.find(state.name()).isPresent()
                && ExecutionDriver.offer(instanceId, state, newEvents, live);
    }

    /**
     * Starts the code of {@code state} replaying its stored history, kept in {@code live} for its next step,
     * and returns at once ({@link ExecutionDriver#warm}); nothing if a run is kept or the code is unknown.
     */
    public void warm(String instanceId, InstanceState state, LiveRuns live) {
        if (live != LiveRuns.NONE) {
            registry.find(state.name()).ifPresent(code -> driver.warm(code, instanceId, state, live));
        }
    }

    private InstanceState runLive(Orchestrator orchestrator, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, StepOutput out, LiveRuns live) {
        try {
            return driver.run(orchestrator, state, newEvents, now, out, live, StepBudget.of(guard.limit()));
        } catch (StepTimedOutException e) {
            guard.timedOut();
            throw e;
        }
    }

    /** The output of a step of {@code instanceId}, stored as {@code before} until now. */
    public StepOutput output(String instanceId, InstanceState before) {
        return new StepOutput(instanceId, before, rules.limits());
    }

    public StepRules rules() {
        return rules;
    }

    public boolean knows(String name) {
        return registry.find(name).isPresent();
    }

    public String unknownOrchestrator(String name) {
        return "no orchestrator named '" + name + "' is registered; registered orchestrators: " + registry.names();
    }
}
