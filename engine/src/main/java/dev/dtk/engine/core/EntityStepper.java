package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.entity.EntityStep;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.SignalEntity;
import java.time.Instant;
import java.util.Objects;

/**
 * The state machine of an entity: given its stored state and one request (a signal, a call, a lock
 * request or release, or a scheduled signal whose time has come), decides the new state, the records
 * to produce, the signals to hold for later and what readers see. Operations run one at a time, in
 * arrival order; while an orchestration holds the entity's lock, requests from others wait in its
 * queue. A failed operation leaves the state as it was. Pure: the same input on the same state at the
 * same {@code now} gives the same result (entity code is the user's, run under the {@link CodeGuard}).
 */
public final class EntityStepper {

    private final EntityRegistry registry;
    private final Limits limits;
    private final CodeGuard guard;

    public EntityStepper(EntityRegistry registry, Limits limits, CodeGuard guard) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** With the default limits, running entity code in the calling thread (tests, tools). */
    public EntityStepper(EntityRegistry registry) {
        this(registry, Limits.DEFAULT, CodeGuard.DIRECT);
    }

    /**
     * @param entityId the record's key, {@code @name@key}
     * @param state the stored entity, {@code null} when there is none
     * @param origin where the command was read (for example {@code dtk.commands-3@1234}): unique, and the same
     *     when the step is redone; orchestrations the entity starts get IDs derived from it
     */
    public EntityStepResult apply(String entityId, EntityState state, Command command, Instant now, String origin) {
        if (command == null || now == null || origin == null) {
            return EntityStepResult.refused("a step of entity '" + entityId + "' needs a command, a time and an"
                    + " origin");
        }
        return step(entityId, state, now, origin, "this record", step -> step.apply(command));
    }

    /** Runs {@code signal}, held by timer {@code timerId} until now. */
    public EntityStepResult due(String entityId, EntityState state, int timerId, SignalEntity signal, Instant now) {
        return step(entityId, state, now, "timer " + timerId + " due " + signal.scheduledTime(), "a scheduled signal",
                step -> step.due(signal));
    }

    private EntityStepResult step(String entityId, EntityState state, Instant now, String origin, String what,
            java.util.function.Function<EntityStep, EntityStepResult> action) {
        EntityId id;
        try {
            id = EntityId.parse(entityId);
        } catch (IllegalArgumentException e) {
            return EntityStepResult.refused(e.getMessage());
        }
        try {
            return action.apply(new EntityStep(id, state, registry, limits, guard, now, origin));
        } catch (EngineFailure e) {
            throw e;
        } catch (RuntimeException e) {
            return EntityStepResult.refused("dtk could not process " + what + " for entity '" + entityId + "': " + e);
        }
    }

    /** The entities this stepper runs. */
    public EntityRegistry registry() {
        return registry;
    }
}
