package dev.dtk.engine.core.internal.entity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.CodeGuard;
import dev.dtk.engine.core.EngineFailure;
import dev.dtk.engine.core.EntityState;
import dev.dtk.engine.core.EntityStepResult;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepTimedOutException;
import dev.dtk.engine.core.internal.replay.Payloads;
import dev.dtk.entity.EntityFunction;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.CallEntity;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.LockEntities;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.UnlockEntity;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of one entity: applies one request to a working copy of the entity, runs the operations
 * that may run (one at a time, in order), and builds the {@link EntityStepResult}. Requests from others
 * wait in the queue while an orchestration holds the lock; when it releases it, the queue drains up to
 * the next lock request.
 */
public final class EntityStep {

    /** The error type of an operation whose code ran longer than the step timeout. */
    public static final String TIMEOUT_ERROR_TYPE = "EntityOperationTimeout";
    /** The error type of a call to an entity nobody registered. */
    public static final String UNKNOWN_ENTITY_ERROR_TYPE = "EntityNotFound";

    private final EntityId id;
    private final EntityState stored;
    private final EntityRegistry registry;
    private final Limits limits;
    private final CodeGuard guard;
    private final Instant now;
    private final String origin;
    private int ran;

    private JsonNode state;
    private Instant lastOperationTime;
    private EntityState.Lock lock;
    private long operations;
    private int nextTimerId;
    private int pendingTimers;
    private final List<Command> queue;
    private final List<Outbound> outbound = new ArrayList<>();
    private final List<EntityStepResult.Scheduled> scheduled = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param origin where the step's input was read (topic, partition, offset, or a timer): unique, and the
     *     same when the step is redone
     */
    public EntityStep(EntityId id, EntityState stored, EntityRegistry registry, Limits limits, CodeGuard guard,
            Instant now, String origin) {
        this.id = id;
        this.stored = stored;
        this.registry = registry;
        this.limits = limits;
        this.guard = guard;
        this.now = now;
        this.origin = origin;
        EntityState from = stored != null ? stored : EntityState.fresh(id.name(), id.key());
        this.state = from.state();
        this.lastOperationTime = from.lastOperationTime();
        this.lock = from.lock();
        this.operations = from.operations();
        this.nextTimerId = from.nextTimerId();
        this.pendingTimers = from.pendingTimers();
        this.queue = new ArrayList<>(from.queue());
    }

    /** Applies {@code command}, addressed to this entity. */
    public EntityStepResult apply(Command command) {
        String tooLarge = switch (command) {
            case SignalEntity signal -> Payloads.problem(limits, "the input of operation '" + signal.operation() + "'",
                    signal.input());
            case CallEntity call -> Payloads.problem(limits, "the input of operation '" + call.operation() + "'",
                    call.input());
            default -> null;
        };
        if (tooLarge != null) {
            return command instanceof CallEntity call
                    ? EntityStepResult.ignored(tooLarge, List.of(respond(call.caller(), EntityResponded.failure(
                            call.caller(), id.toString(), FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, tooLarge)))))
                    : EntityStepResult.refused(tooLarge);
        }
        switch (command) {
            case SignalEntity signal when signal.scheduledTime() != null && signal.scheduledTime().isAfter(now) -> {
                if (registry.find(id.name()).isEmpty()) {
                    return EntityStepResult.refused(unknown());
                }
                int timerId = nextTimerId++;
                pendingTimers++;
                scheduled.add(new EntityStepResult.Scheduled(timerId, signal.scheduledTime(), signal));
                notes.add("signal '" + signal.operation() + "' held until " + signal.scheduledTime());
            }
            case SignalEntity signal -> {
                if (registry.find(id.name()).isEmpty()) {
                    return EntityStepResult.refused(unknown());
                }
                if (queueFull()) {
                    return EntityStepResult.refused(queueFullMessage());
                }
                arrive(signal);
            }
            case CallEntity call -> {
                if (registry.find(id.name()).isEmpty()) {
                    return EntityStepResult.ignored("call to " + unknown(), List.of(respond(call.caller(),
                            EntityResponded.failure(call.caller(), id.toString(),
                                    FailureDetails.of(UNKNOWN_ENTITY_ERROR_TYPE, unknown())))));
                }
                if (queueFull() && !ownedBy(call.caller())) {
                    return EntityStepResult.ignored(queueFullMessage(), List.of(respond(call.caller(),
                            EntityResponded.failure(call.caller(), id.toString(),
                                    FailureDetails.of("EntityQueueFull", queueFullMessage())))));
                }
                arrive(call);
            }
            case LockEntities request -> {
                if (lock == null) {
                    grant(request);
                } else if (ownedBy(request.caller())) {
                    return EntityStepResult.ignored("entity '" + id + "' is already locked by instance '"
                            + lock.instanceId() + "'; repeated lock request ignored", List.of());
                } else {
                    queue.add(request);
                    notes.add("lock request of instance '" + request.caller().instanceId() + "' waits for instance '"
                            + lock.instanceId() + "'");
                }
            }
            case UnlockEntity unlock -> release(unlock);
            default -> {
                return EntityStepResult.refused("'" + id + "' is an entity ID: entities take signal-entity commands, not "
                        + command.getClass().getSimpleName() + "; address orchestration instances by an ID that does"
                        + " not start with '@'");
            }
        }
        return result();
    }

    /** Applies a scheduled signal whose time has come. */
    public EntityStepResult due(SignalEntity signal) {
        pendingTimers = Math.max(0, pendingTimers - 1);
        if (registry.find(id.name()).isEmpty()) {
            notes.add("scheduled signal '" + signal.operation() + "' dropped: " + unknown());
        } else {
            arrive(signal.due());
        }
        return result();
    }

    private void arrive(Command request) {
        if (lock != null && !(request instanceof CallEntity call && ownedBy(call.caller()))) {
            queue.add(request);
            notes.add(describe(request) + " waits: instance '" + lock.instanceId() + "' holds the lock");
            return;
        }
        run(request);
    }

    private void release(UnlockEntity unlock) {
        if (lock != null && lock.instanceId().equals(unlock.instanceId())
                && lock.executionId().equals(unlock.executionId())) {
            lock = null;
            notes.add("released by instance '" + unlock.instanceId() + "'");
            drain();
            return;
        }
        boolean removed = queue.removeIf(waiting -> waiting instanceof LockEntities request
                && request.caller().instanceId().equals(unlock.instanceId())
                && request.caller().executionId().equals(unlock.executionId()));
        notes.add(removed ? "withdrew the waiting lock request of instance '" + unlock.instanceId() + "'"
                : "unlock from instance '" + unlock.instanceId() + "', which holds no lock here, ignored");
    }

    /** Runs waiting requests in order while the entity is free; stops after granting the next lock. */
    private void drain() {
        while (lock == null && !queue.isEmpty()) {
            Command next = queue.removeFirst();
            if (next instanceof LockEntities request) {
                grant(request);
            } else {
                run(next);
            }
        }
    }

    private void grant(LockEntities request) {
        ParentInstance caller = request.caller();
        lock = new EntityState.Lock(caller.instanceId(), caller.executionId());
        LockEntities next = request.next();
        if (next != null) {
            outbound.add(new Outbound.SendCommand(next.lockSet().get(next.position()), next));
        } else {
            outbound.add(respond(caller, EntityResponded.locked(caller, id.toString(), request.lockSet())));
        }
        notes.add("locked by instance '" + caller.instanceId() + "'");
    }

    private void run(Command request) {
        String operation;
        JsonNode input;
        ParentInstance caller = null;
        switch (request) {
            case SignalEntity signal -> {
                operation = signal.operation();
                input = signal.input();
            }
            case CallEntity call -> {
                operation = call.operation();
                input = call.input();
                caller = call.caller();
            }
            default -> throw new IllegalStateException("not an operation: " + request);
        }
        Optional<EntityFunction> function = registry.find(id.name());
        operations++;
        lastOperationTime = now;
        if (function.isEmpty()) {
            fail(operation, caller, FailureDetails.of(UNKNOWN_ENTITY_ERROR_TYPE, unknown()));
            return;
        }
        OperationRun run = new OperationRun(id, operation, input, state, limits, now, origin + "#" + ran++);
        Throwable thrown;
        try {
            thrown = guard.run(() -> {
                try {
                    function.get().run(run);
                    return null;
                } catch (Exception | StackOverflowError | AssertionError e) {
                    return e;
                }
            });
        } catch (StepTimedOutException e) {
            fail(operation, caller, FailureDetails.of(TIMEOUT_ERROR_TYPE, "operation '" + operation + "' of entity '"
                    + id + "' ran longer than the step timeout (DTK_ORCHESTRATOR_STEP_TIMEOUT_MS) and was abandoned;"
                    + " entity operations must not loop or block: do slow work in activities of an orchestration"));
            return;
        } catch (EngineFailure e) {
            throw e;
        }
        if (thrown != null) {
            fail(operation, caller, userFailure(thrown));
            return;
        }
        String tooLarge = Payloads.problem(limits, "the state of entity '" + id + "' after operation '" + operation
                + "'", run.state());
        if (tooLarge == null && caller != null) {
            tooLarge = Payloads.problem(limits, "the result of operation '" + operation + "' of entity '" + id + "'",
                    run.result());
        }
        if (tooLarge != null) {
            fail(operation, caller, FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, tooLarge));
            return;
        }
        state = run.state();
        outbound.addAll(run.sends());
        if (caller != null) {
            outbound.add(respond(caller, EntityResponded.result(caller, id.toString(), run.result())));
        }
    }

    /** The failure as the entity's code caused it: its stack trace ends where dtk called the code. */
    private static FailureDetails userFailure(Throwable thrown) {
        StackTraceElement[] frames = thrown.getStackTrace();
        int keep = 0;
        while (keep < frames.length && !frames[keep].getClassName().startsWith("dev.dtk.engine.")) {
            keep++;
        }
        thrown.setStackTrace(java.util.Arrays.copyOf(frames, keep));
        return Payloads.trimmed(FailureDetails.of(thrown));
    }

    private void fail(String operation, ParentInstance caller, FailureDetails failure) {
        notes.add("operation '" + operation + "' failed, the state is as it was: " + failure.errorType() + ": "
                + failure.errorMessage());
        if (caller != null) {
            outbound.add(respond(caller, EntityResponded.failure(caller, id.toString(), failure)));
        }
    }

    private EntityStepResult result() {
        EntityState after = new EntityState(id.name(), id.key(), state, lastOperationTime, lock, operations,
                nextTimerId, pendingTimers, queue);
        String note = notes.isEmpty() ? null : String.join("; ", notes);
        boolean existed = stored != null && stored.exists();
        if (Objects.equals(after, stored) || (stored == null && after.isEmpty())) {
            return EntityStepResult.ignored(note, outbound);
        }
        EntityStatus status = null;
        if (after.exists() && (!existed || !Objects.equals(stored.state(), after.state())
                || !Objects.equals(stored.lastOperationTime(), after.lastOperationTime())
                || !Objects.equals(stored.lock(), after.lock()))) {
            status = new EntityStatus(WireMessage.CURRENT_VERSION, id.name(), id.key(), after.state(),
                    after.lastOperationTime(), after.lock() == null ? null : after.lock().instanceId());
        }
        List<Command> old = stored == null ? List.of() : stored.queue();
        int dropped = dropped(old, queue);
        int kept = 0;
        while (kept < queue.size() && dropped + kept < old.size() && queue.get(kept) == old.get(dropped + kept)) {
            kept++;
        }
        return new EntityStepResult(after.isEmpty() ? null : after, true, outbound, scheduled, status,
                existed && !after.exists(), null, note, dropped, kept);
    }

    /** How many requests left the head of {@code old}: the position in it of the new queue's first stored request. */
    private static int dropped(List<Command> old, List<Command> now) {
        if (now.isEmpty()) {
            return old.size();
        }
        for (int i = 0; i < old.size(); i++) {
            if (old.get(i) == now.getFirst()) {
                return i;
            }
        }
        return old.size();
    }

    private boolean ownedBy(ParentInstance caller) {
        return lock != null && lock.instanceId().equals(caller.instanceId())
                && lock.executionId().equals(caller.executionId());
    }

    private boolean queueFull() {
        return lock != null && queue.size() >= limits.maxHistoryEvents();
    }

    private String queueFullMessage() {
        return "entity '" + id + "' already has " + queue.size() + " requests waiting for instance '"
                + (lock == null ? "?" : lock.instanceId()) + "' to release its lock, the limit"
                + " (DTK_MAX_HISTORY_EVENTS); try again once the critical section has ended";
    }

    private String unknown() {
        return "no entity named '" + id.name() + "' is registered; registered entities: " + registry.names();
    }

    private static Outbound respond(ParentInstance caller, EntityResponded response) {
        return new Outbound.SendCommand(caller.instanceId(), response);
    }

    private static String describe(Command request) {
        return switch (request) {
            case SignalEntity signal -> "signal '" + signal.operation() + "'";
            case CallEntity call -> "call '" + call.operation() + "' from instance '" + call.caller().instanceId() + "'";
            default -> request.getClass().getSimpleName();
        };
    }
}
