package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.OrchestratorRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Finds an instance's orchestrator and runs it for one step; refuses the input when the code is missing. */
public final class CodeRunner {

    private final OrchestratorRegistry registry;
    private final ExecutionDriver driver;

    public CodeRunner(OrchestratorRegistry registry, ActivityRouting routing) {
        this.registry = registry;
        this.driver = new ExecutionDriver(routing);
    }

    /**
     * Runs {@code state} with {@code newEvents}; {@code before} is the stored state (null for a new
     * instance), from which the timer changes are computed.
     */
    public StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now) {
        return run(instanceId, before, state, newEvents, now, List.of());
    }

    /** As {@link #run(String, InstanceState, InstanceState, List, Instant)}, sending {@code first} before the run's records. */
    public StepResult run(String instanceId, InstanceState before, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, List<Outbound> first) {
        Optional<Orchestrator> orchestrator = registry.find(state.name());
        if (orchestrator.isEmpty()) {
            return StepResult.refused(unknownOrchestrator(state.name()));
        }
        StepOutput out = new StepOutput(instanceId, before);
        first.forEach(out::send);
        return out.build(driver.run(orchestrator.get(), state, newEvents, now, out), now);
    }

    public boolean knows(String name) {
        return registry.find(name).isPresent();
    }

    public String unknownOrchestrator(String name) {
        return "no orchestrator named '" + name + "' is registered; registered orchestrators: " + registry.names();
    }
}
