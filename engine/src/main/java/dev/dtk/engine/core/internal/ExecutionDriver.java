package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.LiveRuns;
import dev.dtk.engine.core.internal.replay.EntityLockKind;
import dev.dtk.engine.core.internal.replay.Execution;
import dev.dtk.engine.core.internal.replay.LiveRun;
import dev.dtk.engine.core.internal.replay.ReplayOutcome;
import dev.dtk.engine.core.internal.replay.ReplayRun;
import dev.dtk.engine.core.internal.replay.StepBudget;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.topics.message.FailureDetails;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the orchestrator code of an instance over its history plus new events, as often as this
 * step needs: again when timers that were already due fire or activities for unknown queues fail
 * (a "round"), and afresh for each continue-as-new generation. Records what the code did and
 * finishes the instance when the code does.
 */
public final class ExecutionDriver {

    /** Rounds in which timers that were already due fire at once; later ones wait for the timer sweep. */
    static final int IMMEDIATE_TIMER_ROUNDS = 100;
    static final int MAX_ROUNDS = 1000;
    static final int MAX_GENERATIONS = 1000;

    private final StepRules rules;

    public ExecutionDriver(StepRules rules) {
        this.rules = rules;
    }

    /** Appends {@code newEvents} to the history of {@code state} and runs {@code orchestrator} (replaying). */
    public InstanceState run(Orchestrator orchestrator, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, StepOutput out) {
        return run(orchestrator, state, newEvents, now, out, LiveRuns.NONE);
    }

    /**
     * As above; the code goes on in a run kept in {@code live} when it has seen exactly the stored history,
     * and a run that waits at the end of the step is kept there.
     */
    public InstanceState run(Orchestrator orchestrator, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, StepOutput out, LiveRuns live) {
        return run(orchestrator, state, newEvents, now, out, live, StepBudget.UNLIMITED);
    }

    /**
     * As above; the stepping thread waits for a live run's code at most what is left of {@code budget}
     * (past it: {@link dev.dtk.engine.core.StepTimedOutException}, the run abandoned).
     */
    public InstanceState run(Orchestrator orchestrator, InstanceState state, List<HistoryEvent> newEvents,
            Instant now, StepOutput out, LiveRuns live, StepBudget budget) {
        List<HistoryEvent> history = new ArrayList<>(state.history());
        int pastCount = history.size();
        history.addAll(newEvents);
        LiveRun run = null;
        if (live != LiveRuns.NONE) {
            LiveRun kept = live.take(out.instanceId());
            if (kept != null && kept.hasSeen(state.executionId(), state.history()) && kept.warmedUp(budget)
                    && kept.canGoOnWith(newEvents)) {
                run = kept.resume(newEvents, budget);
            } else {
                if (kept != null) {
                    kept.abandon();
                }
                run = LiveRun.start(orchestrator, out.instanceId(), state.generation(), rules, history, pastCount,
                        budget);
            }
        }
        int rounds = 0;
        int generations = 0;
        while (true) {
            ReplayOutcome outcome = run != null ? run.outcome()
                    : ReplayRun.run(orchestrator, out.instanceId(), state.generation(), rules, history, pastCount);
            state = state.withCustomStatus(outcome.customStatus());
            history.addAll(outcome.newEvents());
            List<HistoryEvent> immediate = Execution.execute(outcome.newEvents(), out.instanceId(), state.executionId(),
                    now, rules.routing(), out::send);
            InstanceState current = state.withHistory(history);
            switch (outcome.kind()) {
                case COMPLETED -> {
                    return Finishing.complete(current, outcome.output(), now, out);
                }
                case FAILED -> {
                    abandon(run);
                    return Finishing.fail(current, outcome.failure(), now, out);
                }
                case CONTINUED_AS_NEW -> {
                    if (++generations > MAX_GENERATIONS) {
                        return Finishing.fail(current, FailureDetails.of("ContinueAsNewLoop", "the orchestrator"
                                + " called continueAsNew more than " + MAX_GENERATIONS + " times in a row without"
                                + " waiting for anything; wait for a timer, an activity or an event between"
                                + " generations"), now, out);
                    }
                    EntityLockKind.releaseHeld(current.history(), out.instanceId(), current.executionId(), out::send);
                    state = nextGeneration(current, outcome, now);
                    history = new ArrayList<>(state.history());
                    pastCount = 0;
                    rounds = 0;
                    if (run != null) {
                        run = LiveRun.start(orchestrator, out.instanceId(), state.generation(), rules, history, 0, budget);
                    }
                }
                case BLOCKED -> {
                    if (rounds >= IMMEDIATE_TIMER_ROUNDS) {
                        immediate.removeIf(HistoryEvent.TimerFired.class::isInstance);
                    }
                    if (immediate.isEmpty()) {
                        if (run != null) {
                            run.seen(state.executionId(), history);
                            live.keep(out.instanceId(), run, Math.max(current.historyBytes(), history.size() * 100L));
                        }
                        return current;
                    }
                    if (++rounds > MAX_ROUNDS) {
                        abandon(run);
                        return Finishing.fail(current, FailureDetails.of("StepLoop", "the orchestrator did not come"
                                + " to rest within one step: more than " + MAX_ROUNDS + " activities on unknown"
                                + " queues failed in a row"), now, out);
                    }
                    pastCount = history.size();
                    history.addAll(immediate);
                    if (run != null) {
                        run.resume(immediate, budget);
                    }
                }
            }
        }
    }

    /**
     * Hands the run kept in {@code live} for {@code instanceId}, when it has seen exactly the stored history
     * of {@code state} and waits, {@code newEvents} without waiting for it ({@link LiveRun#offer}): a
     * {@link #run} with the same events then finds the code done or under way. Returns whether it did.
     */
    public static boolean offer(String instanceId, InstanceState state, List<HistoryEvent> newEvents, LiveRuns live) {
        LiveRun kept = live.peek(instanceId);
        return kept != null && kept.hasSeen(state.executionId(), state.history()) && kept.offer(newEvents);
    }

    /**
     * Starts replaying the stored history of {@code state} on the code's own thread and keeps the run in
     * {@code live} ({@link LiveRun#warm}), unless a run is kept already; returns at once. The instance's
     * next step then finds its code waiting instead of replaying while the stepping thread waits.
     */
    public void warm(Orchestrator orchestrator, String instanceId, InstanceState state, LiveRuns live) {
        if (live.peek(instanceId) == null) {
            live.keep(instanceId, LiveRun.warm(orchestrator, instanceId, state.generation(), rules, state.executionId(),
                    state.history()), Math.max(state.historyBytes(), state.history().size() * 100L));
        }
    }

    private static void abandon(LiveRun run) {
        if (run != null) {
            run.abandon();
        }
    }

    private static InstanceState nextGeneration(InstanceState ended, ReplayOutcome outcome, Instant now) {
        String executionId = ExecutionIds.next(ended.executionId(), ended.generation() + 1);
        List<HistoryEvent> history = new ArrayList<>();
        history.add(new HistoryEvent.OrchestratorStarted(now));
        history.add(new HistoryEvent.ExecutionStarted(now, ended.name(), executionId, outcome.nextInput(),
                ended.parent()));
        history.addAll(outcome.carryOver());
        return ended.nextExecution(executionId, outcome.nextInput(), history, now);
    }
}
