package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Outbound;
import dev.dtk.entity.EntityId;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * The entity signal: {@code signalEntity} records {@link HistoryEvent.EntitySignaled} and sends a
 * {@link SignalEntity} (with its scheduled time, if any) to the entity; fire and forget, no outcome.
 * Inside a critical section, the locked entities may not be signalled (call them instead).
 */
final class EntitySignalKind {

    private EntitySignalKind() {
    }

    static void signal(ReplayContext ctx, EntityId entity, String operation, Object input, Instant at) {
        Objects.requireNonNull(entity, "the entity of signalEntity");
        ReplayContext.requireName(operation, "the operation of signalEntity");
        EntityLockKind.requireSignallable(ctx, entity);
        JsonNode json = DtkJson.toTree(input);
        int id = ctx.actions().nextId();
        ctx.actions().schedule(new HistoryEvent.EntitySignaled(ctx.currentUtcDateTime(), id, entity.toString(),
                operation, json, at));
    }

    static String describe(HistoryEvent.EntitySignaled signaled) {
        return "signalEntity('" + signaled.entityId() + "', '" + signaled.operation() + "')";
    }

    static void execute(HistoryEvent.EntitySignaled signaled, Execution execution) {
        execution.send(new Outbound.SendCommand(signaled.entityId(), new SignalEntity(WireMessage.CURRENT_VERSION,
                signaled.operation(), signaled.input(), signaled.scheduledTime())));
    }
}
