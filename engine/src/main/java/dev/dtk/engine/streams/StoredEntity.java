package dev.dtk.engine.streams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.EntityState;
import dev.dtk.topics.message.Command;
import java.time.Instant;
import java.util.List;

/**
 * An entity as the {@code entities} store keeps it: everything but its queue, which lives in the
 * {@code history} store one request per record ({@link HistoryKey#QUEUE}, indices {@code queueHead}
 * to {@code queueHead + queueSize - 1}), so that a request joining or leaving the queue writes one
 * record. It holds one payload (the state), so it always fits in a record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredEntity(
        String name,
        String key,
        JsonNode state,
        Instant lastOperationTime,
        EntityState.Lock lock,
        long operations,
        int nextTimerId,
        int pendingTimers,
        int queueHead,
        int queueSize) {

    static StoredEntity of(EntityState entity, int queueHead) {
        return new StoredEntity(entity.name(), entity.key(), entity.state(), entity.lastOperationTime(), entity.lock(),
                entity.operations(), entity.nextTimerId(), entity.pendingTimers(), queueHead, entity.queue().size());
    }

    EntityState entity(List<Command> queue) {
        return new EntityState(name, key, state, lastOperationTime, lock, operations, nextTimerId, pendingTimers,
                queue);
    }
}
