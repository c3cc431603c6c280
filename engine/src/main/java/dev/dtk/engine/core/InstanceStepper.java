package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.CodeRunner;
import dev.dtk.engine.core.internal.EventDelivery;
import dev.dtk.engine.core.internal.LifecycleHandler;
import dev.dtk.engine.core.internal.PurgeHandler;
import dev.dtk.engine.core.internal.RewindHandler;
import dev.dtk.engine.core.internal.StartHandler;
import dev.dtk.engine.core.internal.replay.ActivityKind;
import dev.dtk.engine.core.internal.replay.EntityCallKind;
import dev.dtk.engine.core.internal.replay.ExternalEventKind;
import dev.dtk.engine.core.internal.replay.SubOrchestrationKind;
import dev.dtk.engine.core.internal.replay.TimerKind;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.CallEntity;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.LockEntities;
import dev.dtk.topics.message.Purge;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import dev.dtk.topics.message.UnlockEntity;
import dev.dtk.engine.core.internal.replay.Admission;
import dev.dtk.topics.message.ActivityResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * The state machine of an instance: given its stored state and one input, decides the new state,
 * the records to produce, the timer changes and the status. Pure and deterministic: applying the
 * same input to the same state at the same {@code now} gives the same result, so a step replayed
 * after a crash does exactly what it did before. Never throws for bad input: it refuses the
 * record (dead letter) or ignores it with a note.
 */
public final class InstanceStepper {

    private final StartHandler starts;
    private final LifecycleHandler lifecycle;
    private final EventDelivery delivery;
    private final RewindHandler rewinds;
    private final CodeRunner runner;
    private final PurgeHandler purges = new PurgeHandler();

    private final Limits limits;

    /** With the default limits, running orchestrator code in the calling thread (tests, tools). */
    public InstanceStepper(OrchestratorRegistry registry, ActivityRouting routing) {
        this(registry, StepRules.of(routing), CodeGuard.DIRECT);
    }

    public InstanceStepper(OrchestratorRegistry registry, StepRules rules, CodeGuard guard) {
        CodeRunner runner = new CodeRunner(Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(rules, "rules"), Objects.requireNonNull(guard, "guard"));
        this.runner = runner;
        this.limits = rules.limits();
        this.starts = new StartHandler(runner);
        this.lifecycle = new LifecycleHandler(runner);
        this.delivery = new EventDelivery(runner);
        this.rewinds = new RewindHandler(runner, rules.routing());
    }

    /**
     * @param state the stored state, {@code null} when there is no such instance
     * @param now the time of this step (the record's time); the core reads no clock
     */
    public StepResult apply(String instanceId, InstanceState state, Inbound inbound, Instant now) {
        return apply(instanceId, state, inbound, now, LiveRuns.NONE);
    }

    /**
     * As {@link #apply(String, InstanceState, Inbound, Instant)}, going on in orchestrator code kept alive in
     * {@code live} where it has seen exactly the stored history, and keeping it there when it waits: the
     * result is the same either way, the step cheaper.
     */
    public StepResult apply(String instanceId, InstanceState state, Inbound inbound, Instant now, LiveRuns live) {
        if (instanceId == null || inbound == null || now == null) {
            return StepResult.refused("a step needs an instance ID, an input and a time; got instanceId="
                    + instanceId + ", input=" + inbound + ", time=" + now);
        }
        try {
            return switch (inbound) {
                case Inbound.CommandReceived received when received.command() == null ->
                        StepResult.refused("empty command for instance '" + instanceId + "'");
                case Inbound.CommandReceived received -> command(instanceId, state, received.command(), received.source(),
                        now, live);
                case Inbound.ResultReceived received when received.result() == null ->
                        StepResult.refused("empty activity result for instance '" + instanceId + "'");
                case Inbound.ResultReceived received -> delivery.deliver(instanceId, state,
                        ActivityKind.admit(instanceId, state, received.result(), now, limits), now, live);
                case Inbound.ResultsReceived received when received.results() == null || received.results().isEmpty() ->
                        StepResult.refused("empty record of activity results for instance '" + instanceId + "'");
                case Inbound.ResultsReceived received -> results(instanceId, state, received.results(), now, live);
                case Inbound.TimerDue due -> delivery.deliver(instanceId, state,
                        TimerKind.admit(instanceId, state, due, now), now, live);
            };
        } catch (EngineFailure e) {
            throw e;
        } catch (RuntimeException e) {
            return StepResult.refused("dtk could not process this record for instance '" + instanceId + "': " + e);
        }
    }

    /**
     * Hands the code of {@code instanceId}, where it waits in a run kept in {@code live}, the events a step
     * of {@code due} would bring, and returns at once: {@link #apply} with the same state, input and time
     * then finds the code done or under way instead of handing it over and waiting. A caller with several
     * timers to fire offers each first, so their code runs while it loads and writes. The result of the
     * step is the same either way; a step of the instance with other events (another input, another time)
     * lets the run go and replays. Returns whether the code got the events.
     */
    public boolean offer(String instanceId, InstanceState state, Inbound.TimerDue due, Instant now, LiveRuns live) {
        if (state == null || live == LiveRuns.NONE || instanceId == null || now == null) {
            return false;
        }
        try {
            return delivery.offer(instanceId, state, TimerKind.admit(instanceId, state, due, now), now, live);
        } catch (RuntimeException e) {
            return false; // the step itself refuses or fails with what went wrong
        }
    }

    /**
     * Starts the code of {@code instanceId}, running and with none kept in {@code live}, replaying its
     * stored history on its own thread, and returns at once: for a step about to come (a timer due in a
     * moment), which then finds the code waiting where the history ends, as after a step of its own,
     * instead of replaying it while the stepping thread waits. Whatever the warm-up does, that step's
     * result is the same: a run that did not end up waiting with nothing new is let go, and the step
     * replays.
     */
    public void warm(String instanceId, InstanceState state, LiveRuns live) {
        if (instanceId != null && state != null && state.runtimeStatus() == RuntimeStatus.Running) {
            runner.warm(instanceId, state, live);
        }
    }

    /**
     * Several results at once, in their order: each is checked against the instance (a second result of
     * a task in the same record is a duplicate), and those accepted go to its code together, in one step
     * (one run of the code, one write) — the outcome of one step per result, as the code reads its
     * history in order.
     */
    private StepResult results(String instanceId, InstanceState state, List<ActivityResult> results, Instant now,
            LiveRuns live) {
        List<Admission> admitted = new ArrayList<>(results.size());
        Set<Integer> tasks = new HashSet<>();
        for (ActivityResult result : results) {
            Admission admission = ActivityKind.admit(instanceId, state, result, now, limits);
            if (admission.accepted() && !tasks.add(result.taskId())) {
                admission = ActivityKind.duplicate(instanceId, result);
            }
            admitted.add(admission);
        }
        return delivery.deliverAll(instanceId, state, admitted, now, live);
    }

    private StepResult command(String instanceId, InstanceState state, Command command, String source, Instant now,
            LiveRuns live) {
        if (command instanceof Terminate || command instanceof Suspend || command instanceof Resume
                || command instanceof Rewind || command instanceof Purge) {
            // these change the instance without its code going on: a kept run no longer matches it
            var kept = live.take(instanceId);
            if (kept != null) {
                kept.abandon();
            }
        }
        return switch (command) {
            case StartOrchestration start -> starts.apply(instanceId, state, start, source, now, live);
            case RaiseEvent event -> delivery.deliver(instanceId, state,
                    ExternalEventKind.admit(instanceId, state, event, now, limits), now, live);
            case Terminate terminate -> lifecycle.terminate(instanceId, state, terminate, now);
            case Suspend suspend -> lifecycle.suspend(instanceId, state, suspend, now);
            case Resume resume -> lifecycle.resume(instanceId, state, resume, now);
            case Rewind rewind -> rewinds.apply(instanceId, state, rewind, now);
            case Purge purge -> purges.apply(instanceId, state, purge);
            case SubOrchestrationCompleted result -> delivery.deliver(instanceId, state,
                    SubOrchestrationKind.admit(instanceId, state, result, now, limits), now, live);
            case EntityResponded response -> delivery.deliver(instanceId, state,
                    EntityCallKind.admit(instanceId, state, response, now, limits), now, live);
            case SignalEntity e -> notAnEntity(instanceId, "signal-entity");
            case CallEntity e -> notAnEntity(instanceId, "call-entity");
            case LockEntities e -> notAnEntity(instanceId, "lock-entities");
            case UnlockEntity e -> notAnEntity(instanceId, "unlock-entity");
        };
    }

    private static StepResult notAnEntity(String instanceId, String command) {
        return StepResult.refused("a " + command + " command must be keyed by an entity ID (@name@key); '" + instanceId
                + "' is an orchestration instance ID");
    }
}
