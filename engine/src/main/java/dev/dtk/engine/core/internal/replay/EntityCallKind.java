package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.entity.EntityId;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.CallEntity;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;

/**
 * The entity call: {@code callEntity} records {@link HistoryEvent.EntityCalled} and sends a
 * {@link CallEntity} to the entity; its {@link EntityResponded} becomes
 * {@link HistoryEvent.EntityCallCompleted} or {@link HistoryEvent.EntityCallFailed}. Inside a critical
 * section, only the locked entities may be called.
 */
public final class EntityCallKind {

    private EntityCallKind() {
    }

    static final class Call<V> extends ResultTask<V> {

        Call(ReplayContext ctx, String name, int taskId, Class<V> type) {
            super(ctx, name, taskId, type);
        }

        @Override
        public String toString() {
            return name + " (#" + taskId + ")";
        }
    }

    static <T> ReplayTask<T> call(ReplayContext ctx, EntityId entity, String operation, Object input,
            Class<T> type) {
        java.util.Objects.requireNonNull(entity, "the entity of callEntity");
        ReplayContext.requireName(operation, "the operation of callEntity");
        EntityLockKind.requireCallable(ctx, entity);
        JsonNode json = DtkJson.toTree(input);
        int id = ctx.actions().nextId();
        ctx.actions().schedule(new HistoryEvent.EntityCalled(ctx.currentUtcDateTime(), id, entity.toString(), operation,
                json));
        return ctx.register(id, new Call<>(ctx, "operation '" + operation + "' of entity '" + entity + "'", id, type));
    }

    static String describe(HistoryEvent.EntityCalled called) {
        return "callEntity('" + called.entityId() + "', '" + called.operation() + "')";
    }

    static void execute(HistoryEvent.EntityCalled called, Execution execution) {
        execution.send(new Outbound.SendCommand(called.entityId(), new CallEntity(WireMessage.CURRENT_VERSION,
                called.operation(), called.input(),
                new ParentInstance(execution.instanceId(), execution.executionId(), called.taskId()))));
    }

    static void completed(ReplayTask<?> open, HistoryEvent.EntityCallCompleted completed) {
        if (open instanceof Call<?> call) {
            call.onCompleted(completed.result());
        }
    }

    static void failed(ReplayTask<?> open, HistoryEvent.EntityCallFailed failed) {
        if (open instanceof Call<?> call) {
            call.onFailed(failed.failure());
        }
    }

    /**
     * An entity's answer, checked against the instance: the result of a pending call, a lock grant
     * ({@link EntityLockKind#admit}), or nothing.
     */
    public static Admission admit(String instanceId, InstanceState state, EntityResponded response, Instant now,
            Limits limits) {
        if (response.isLockGrant()) {
            return EntityLockKind.admit(instanceId, state, response, now);
        }
        String what = "answer of entity '" + response.entityId() + "' to task #" + response.taskId();
        String problem = Staleness.of(instanceId, state, response.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isPending(response.taskId(), HistoryEvent.EntityCalled.class)) {
            if (response.failure() != null) {
                return Admission.accept(new HistoryEvent.EntityCallFailed(now, response.taskId(),
                        Payloads.trimmed(response.failure())));
            }
            String tooLarge = Payloads.problem(limits, "the result of entity '" + response.entityId() + "'",
                    response.result());
            return Admission.accept(tooLarge != null
                    ? new HistoryEvent.EntityCallFailed(now, response.taskId(),
                            FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, tooLarge))
                    : new HistoryEvent.EntityCallCompleted(now, response.taskId(), response.result()));
        }
        return Admission.ignore(pending.isFinished(response.taskId())
                ? "duplicate " + what + " for instance '" + instanceId + "'"
                : what + " for instance '" + instanceId + "': no such entity call is pending");
    }
}
