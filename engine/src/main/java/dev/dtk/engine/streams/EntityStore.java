package dev.dtk.engine.streams;

import dev.dtk.engine.core.EntityState;
import dev.dtk.engine.core.EntityStepResult;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Entities in two stores: the entity itself in {@code entities} ({@link StoredEntity}), the requests
 * waiting in its queue in {@code history}, one record each under the entity's ID. A step writes the
 * entity and only the queue records that changed: requests that left the head are deleted, new ones
 * appended.
 */
final class EntityStore {

    /** An entity as loaded, and where its queue starts in the history store. */
    record Loaded(EntityState state, int queueHead) {
    }

    private final KeyValueStore<String, byte[]> entities;
    private final KeyValueStore<Bytes, byte[]> history;

    EntityStore(KeyValueStore<String, byte[]> entities, KeyValueStore<Bytes, byte[]> history) {
        this.entities = entities;
        this.history = history;
    }

    /** The entity, or null when none is stored; throws {@link UnreadableStateException} for a corrupt one. */
    Loaded load(String entityId) {
        byte[] value = entities.get(entityId);
        if (value == null) {
            return null;
        }
        try {
            StoredEntity stored = DtkJson.read(value, StoredEntity.class);
            return new Loaded(stored.entity(queue(entityId, stored.queueHead(), stored.queueSize())), stored.queueHead());
        } catch (RuntimeException e) {
            throw new UnreadableStateException(entityId, e);
        }
    }

    /** Writes what {@code result} decided for an entity that was {@code before} (null: none stored). */
    void save(String entityId, Loaded before, EntityStepResult result) {
        int head = before == null ? 0 : before.queueHead();
        int oldSize = before == null ? 0 : before.state().queue().size();
        EntityState after = result.state();
        if (after == null) {
            delete(entityId, head, head + oldSize);
            entities.delete(entityId);
            return;
        }
        List<Command> queue = after.queue();
        int newHead = queue.isEmpty() ? 0 : head + result.queueDropped();
        if (queue.isEmpty()) {
            delete(entityId, head, head + oldSize);
        } else {
            delete(entityId, head, newHead);
            for (int i = result.queueKept(); i < queue.size(); i++) {
                history.put(new HistoryKey(entityId, HistoryKey.QUEUE, newHead + i).toBytes(),
                        DtkJson.write(queue.get(i)));
            }
            delete(entityId, newHead + queue.size(), head + oldSize);
        }
        entities.put(entityId, DtkJson.write(StoredEntity.of(after, newHead)));
    }

    private List<Command> queue(String entityId, int head, int size) {
        List<Command> queue = new ArrayList<>(size);
        if (size == 0) {
            return queue;
        }
        try (KeyValueIterator<Bytes, byte[]> it = history.range(new HistoryKey(entityId, HistoryKey.QUEUE, head)
                .toBytes(), HistoryKey.last(entityId, HistoryKey.QUEUE))) {
            while (it.hasNext() && queue.size() < size) {
                queue.add(DtkJson.read(it.next().value, Command.class));
            }
        }
        if (queue.size() != size) {
            throw new IllegalStateException("the history store holds " + queue.size() + " of the " + size
                    + " waiting requests");
        }
        return queue;
    }

    private void delete(String entityId, int from, int to) {
        for (int i = from; i < to; i++) {
            history.delete(new HistoryKey(entityId, HistoryKey.QUEUE, i).toBytes());
        }
    }
}
