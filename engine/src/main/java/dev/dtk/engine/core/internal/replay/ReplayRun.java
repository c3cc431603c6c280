package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.orchestration.Orchestrator;
import java.util.List;

/**
 * Runs orchestrator code once over the events of an execution (deterministic replay) and says
 * how the run ended and what it did that the history does not know yet. Pure: no clock, no I/O.
 */
public final class ReplayRun {

    private ReplayRun() {
    }

    /**
     * @param events the execution's events: {@code OrchestratorStarted}, {@code ExecutionStarted}, ...
     * @param pastCount how many of them earlier steps already saw (for {@code isReplaying()})
     * @param generation the instance's execution counter (for default sub-orchestration IDs)
     */
    public static ReplayOutcome run(Orchestrator orchestrator, String instanceId, int generation,
            StepRules rules, List<HistoryEvent> events, int pastCount) {
        ReplayContext ctx = new ReplayContext(instanceId, generation, rules, events, pastCount);
        ctx.startExecution();
        Object returned = null;
        Throwable thrown = null;
        try {
            returned = orchestrator.run(ctx);
        } catch (OrchestrationSuspended | NonDeterminismDetected signal) {
            // the context remembers both
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e;
            }
            thrown = e;
        } catch (Throwable e) {
            thrown = e;
        }
        return ctx.outcome(returned, thrown);
    }
}
