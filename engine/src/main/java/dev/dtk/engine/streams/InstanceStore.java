package dev.dtk.engine.streams;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.topics.json.DtkJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Instances in two stores: the hot part in {@code instances} (one small record per instance, see
 * {@link StoredInstance}) and the events of its history and suspended inbox in {@code history}, one
 * record per event ({@link HistoryKey}). A step writes the hot record and only the events it added,
 * so the changelog bytes of a step stay flat however long the history grows; a new execution or a
 * rewind rewrites the lists. Parsed instances are kept in an {@link InstanceCache}, with the record they
 * were parsed from: a step of a cached instance reads its record but parses nothing.
 */
public final class InstanceStore {

    /** An instance as loaded: its state, and how many events of each list the history store holds. */
    record Loaded(InstanceState state, int storedHistory, int storedInbox) {
    }

    /** How often {@link #read} tries before it calls an instance unreadable. */
    static final int READ_ATTEMPTS = 5;

    private final KeyValueStore<String, byte[]> instances;
    private final KeyValueStore<Bytes, byte[]> history;
    private final InstanceCache cache;

    InstanceStore(KeyValueStore<String, byte[]> instances, KeyValueStore<Bytes, byte[]> history, InstanceCache cache) {
        this.instances = instances;
        this.history = history;
        this.cache = cache;
    }

    /** The instance, or null when there is none; throws {@link UnreadableStateException} for a corrupt one. */
    Loaded load(String instanceId) {
        byte[] hot = instances.get(instanceId);
        if (hot == null) {
            cache.remove(instanceId);
            return null;
        }
        InstanceCache.Cached cached = cache.get(instanceId);
        if (cached != null && Arrays.equals(cached.hot(), hot)) { // the record it was parsed from: nothing to parse
            return new Loaded(cached.state(), cached.storedHistory(), cached.storedInbox());
        }
        StoredInstance stored = parse(instanceId, hot);
        InstanceState state = assemble(instanceId, stored, history);
        cache.put(instanceId, new InstanceCache.Cached(state, hot, stored.storedHistory(), stored.storedInbox()));
        return new Loaded(state, stored.storedHistory(), stored.storedInbox());
    }

    /** Writes what {@code result} decided for an instance that was {@code before} (null: new). */
    void save(String instanceId, Loaded before, StepResult result) {
        InstanceState after = result.state();
        int storedHistory = before == null ? 0 : before.storedHistory();
        int storedInbox = before == null ? 0 : before.storedInbox();
        if (after == null) {
            deleteFrom(instanceId, HistoryKey.HISTORY, 0, storedHistory);
            deleteFrom(instanceId, HistoryKey.INBOX, 0, storedInbox);
            instances.delete(instanceId);
            cache.remove(instanceId);
            return;
        }
        writeList(instanceId, HistoryKey.HISTORY, after.history(), Math.min(result.historyKept(), storedHistory),
                storedHistory);
        writeList(instanceId, HistoryKey.INBOX, after.suspendedInbox(), Math.min(result.inboxKept(), storedInbox),
                storedInbox);
        byte[] hot = DtkJson.write(StoredInstance.of(after));
        instances.put(instanceId, hot);
        cache.put(instanceId, new InstanceCache.Cached(after, hot, after.history().size(),
                after.suspendedInbox().size()));
    }

    /** Forgets the cached instances that went unused longer than the cache's idle bound. */
    void expireCache() {
        cache.expire();
    }

    /** How many instances the cache holds. */
    int cacheSize() {
        return cache.size();
    }

    /** Forgets what the cache holds: the stores may have been rolled back. */
    void clearCache() {
        cache.clear();
    }

    /**
     * An instance as a read-only view of the stores shows it (interactive queries); null when absent.
     * Such a reader runs beside the stream thread and reads the two stores one after the other, with no
     * snapshot: it can find an instance record whose newest history events its range does not see
     * (Kafka Streams' caching store may move an event from its cache to RocksDB between the range's
     * store and cache iterators). So a read that comes up short reads again; only one that keeps coming
     * up short is unreadable.
     */
    public static InstanceState read(ReadOnlyKeyValueStore<String, byte[]> instances,
            ReadOnlyKeyValueStore<Bytes, byte[]> history, String instanceId) {
        for (int attempt = 1; ; attempt++) {
            byte[] hot = instances.get(instanceId);
            if (hot == null) {
                return null;
            }
            try {
                return assemble(instanceId, parse(instanceId, hot), history);
            } catch (UnreadableStateException e) {
                if (attempt == READ_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * An instance as this process's stores of {@code partition} show it (interactive queries); null when
     * absent. Reading only the partition that holds the instance costs one key read and one range seek;
     * the stores of every local partition together cost one of each per partition, and each range seek
     * holds its store's lock against the stream thread. Throws Kafka Streams' {@code
     * InvalidStateStoreException} when this process does not run that partition now.
     */
    public static InstanceState read(KafkaStreams streams, int partition, String instanceId) {
        return read(streams.store(StoreQueryParameters.fromNameAndType(EngineTopology.INSTANCES_STORE,
                        QueryableStoreTypes.<String, byte[]>keyValueStore()).withPartition(partition)),
                streams.store(StoreQueryParameters.fromNameAndType(EngineTopology.HISTORY_STORE,
                        QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition)),
                instanceId);
    }

    private void writeList(String instanceId, byte list, List<HistoryEvent> events, int kept, int stored) {
        for (int i = kept; i < events.size(); i++) {
            history.put(new HistoryKey(instanceId, list, i).toBytes(), DtkJson.write(events.get(i)));
        }
        deleteFrom(instanceId, list, events.size(), stored);
    }

    private void deleteFrom(String instanceId, byte list, int from, int to) {
        for (int i = from; i < to; i++) {
            history.delete(new HistoryKey(instanceId, list, i).toBytes());
        }
    }

    private static StoredInstance parse(String instanceId, byte[] hot) {
        try {
            return DtkJson.read(hot, StoredInstance.class);
        } catch (RuntimeException e) {
            throw new UnreadableStateException(instanceId, e);
        }
    }

    private static InstanceState assemble(String instanceId, StoredInstance stored,
            ReadOnlyKeyValueStore<Bytes, byte[]> history) {
        try {
            if (stored.inline()) {
                return stored.state(orEmpty(stored.history()), orEmpty(stored.suspendedInbox()));
            }
            return stored.state(events(history, instanceId, HistoryKey.HISTORY, stored.historySize()),
                    events(history, instanceId, HistoryKey.INBOX, stored.inboxSize()));
        } catch (RuntimeException e) {
            throw new UnreadableStateException(instanceId, e);
        }
    }

    private static List<HistoryEvent> events(ReadOnlyKeyValueStore<Bytes, byte[]> history, String instanceId,
            byte list, int expected) {
        List<HistoryEvent> events = new ArrayList<>(expected);
        if (expected == 0) {
            return events;
        }
        try (KeyValueIterator<Bytes, byte[]> it = history.range(HistoryKey.first(instanceId, list),
                HistoryKey.last(instanceId, list))) {
            while (it.hasNext() && events.size() < expected) {
                events.add(DtkJson.read(it.next().value, HistoryEvent.class));
            }
        }
        if (events.size() != expected) {
            throw new IllegalStateException("the history store holds " + events.size() + " of the " + expected
                    + " events of list '" + (char) list + "'");
        }
        return events;
    }

    private static List<HistoryEvent> orEmpty(List<HistoryEvent> events) {
        return events == null ? List.of() : events;
    }
}
