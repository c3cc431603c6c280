package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;

/**
 * The kinds of task, in one place: activity ({@link ActivityKind}), timer ({@link TimerKind}),
 * sub-orchestration ({@link SubOrchestrationKind}), event sent ({@link EventSendKind}), HTTP call
 * ({@link HttpKind}: exchanges are built-in activities, waits are timers), the external event a run
 * waits for ({@link ExternalEventKind}), and the entity's call ({@link EntityCallKind}), signal
 * ({@link EntitySignalKind}) and critical section ({@link EntityLockKind}). Every switch here is
 * exhaustive over the sealed history events, without a default: a new kind of task is one new class,
 * and the compiler names each place below that must learn it.
 */
final class Kinds {

    private Kinds() {
    }

    /** How the action reads in the orchestrator code; two actions match when their descriptions do. */
    static String describe(HistoryEvent.Action action) {
        return switch (action) {
            case HistoryEvent.TaskScheduled a when HttpKind.isExchange(a) -> HttpKind.describe(a);
            case HistoryEvent.TaskScheduled a -> ActivityKind.describe(a);
            case HistoryEvent.TimerCreated a -> TimerKind.describe(a);
            case HistoryEvent.SubOrchestrationCreated a -> SubOrchestrationKind.describe(a);
            case HistoryEvent.EventSent a -> EventSendKind.describe(a);
            case HistoryEvent.EntityCalled a -> EntityCallKind.describe(a);
            case HistoryEvent.EntitySignaled a -> EntitySignalKind.describe(a);
            case HistoryEvent.EntityLockRequested a -> EntityLockKind.describe(a);
            case HistoryEvent.EntityUnlocked a -> EntityLockKind.describe(a);
        };
    }

    /** The payload the action carries out of the instance, or null. */
    static JsonNode payload(HistoryEvent.Action action) {
        return switch (action) {
            case HistoryEvent.TaskScheduled a -> a.input();
            case HistoryEvent.TimerCreated a -> null;
            case HistoryEvent.SubOrchestrationCreated a -> a.input();
            case HistoryEvent.EventSent a -> a.input();
            case HistoryEvent.EntityCalled a -> a.input();
            case HistoryEvent.EntitySignaled a -> a.input();
            case HistoryEvent.EntityLockRequested a -> null;
            case HistoryEvent.EntityUnlocked a -> null;
        };
    }

    /** Whether the action waits for an {@link HistoryEvent.Outcome} (a sent event does not). */
    static boolean awaitsOutcome(HistoryEvent.Action action) {
        return switch (action) {
            case HistoryEvent.TaskScheduled a -> true;
            case HistoryEvent.TimerCreated a -> true;
            case HistoryEvent.SubOrchestrationCreated a -> true;
            case HistoryEvent.EventSent a -> false;
            case HistoryEvent.EntityCalled a -> true;
            case HistoryEvent.EntitySignaled a -> false;
            case HistoryEvent.EntityLockRequested a -> true;
            case HistoryEvent.EntityUnlocked a -> false;
        };
    }

    /** Carries out a new action: what it sends out, and what follows at once. */
    static void execute(HistoryEvent.Action action, Execution execution) {
        switch (action) {
            case HistoryEvent.TaskScheduled a -> ActivityKind.execute(a, execution);
            case HistoryEvent.TimerCreated a -> TimerKind.execute(a, execution);
            case HistoryEvent.SubOrchestrationCreated a -> SubOrchestrationKind.execute(a, execution);
            case HistoryEvent.EventSent a -> EventSendKind.execute(a, execution);
            case HistoryEvent.EntityCalled a -> EntityCallKind.execute(a, execution);
            case HistoryEvent.EntitySignaled a -> EntitySignalKind.execute(a, execution);
            case HistoryEvent.EntityLockRequested a -> EntityLockKind.execute(a, execution);
            case HistoryEvent.EntityUnlocked a -> EntityLockKind.execute(a, execution);
        }
    }

    /** Applies one history event to the tasks of a run. */
    static void apply(ReplayContext ctx, HistoryEvent event) {
        switch (event) {
            case HistoryEvent.OrchestratorStarted e -> ctx.stepStarted(e.timestamp());
            case HistoryEvent.Outcome e -> deliver(ctx.openTask(e.sequenceNumber()), e);
            case HistoryEvent.EventRaised e -> ExternalEventKind.deliver(ctx, e);
            // checked against the code when the code produces them (ActionLog), or bookkeeping only
            case HistoryEvent.Action e -> { }
            case HistoryEvent.ExecutionEvent e -> { }
            case HistoryEvent.TimerCancelled e -> { }
        }
    }

    private static void deliver(ReplayTask<?> open, HistoryEvent.Outcome outcome) {
        switch (outcome) {
            case HistoryEvent.TaskCompleted e -> ActivityKind.completed(open, e);
            case HistoryEvent.TaskFailed e -> ActivityKind.failed(open, e);
            case HistoryEvent.TimerFired e -> TimerKind.fired(open, e);
            case HistoryEvent.SubOrchestrationCompleted e -> SubOrchestrationKind.completed(open, e);
            case HistoryEvent.SubOrchestrationFailed e -> SubOrchestrationKind.failed(open, e);
            case HistoryEvent.EntityCallCompleted e -> EntityCallKind.completed(open, e);
            case HistoryEvent.EntityCallFailed e -> EntityCallKind.failed(open, e);
            case HistoryEvent.EntityLockGranted e -> EntityLockKind.granted(open, e);
        }
    }
}
