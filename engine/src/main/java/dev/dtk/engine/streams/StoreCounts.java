package dev.dtk.engine.streams;

import dev.dtk.topics.json.DtkJson;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Counts over the engine's local stores, for gauges (full scans: call them now and then, not per step). */
public final class StoreCounts {

    private StoreCounts() {
    }

    /** Entries of a store: the timers of the {@code timers} store. */
    public static long entries(ReadOnlyKeyValueStore<Bytes, byte[]> store) {
        return TimerStoreView.count(store);
    }

    /** Events held for suspended instances in the {@code instances} store (delivered on resume). */
    public static long bufferedEvents(ReadOnlyKeyValueStore<String, byte[]> instances) {
        long events = 0;
        try (KeyValueIterator<String, byte[]> it = instances.all()) {
            while (it.hasNext()) {
                byte[] value = it.next().value;
                if (value == null) {
                    continue;
                }
                try {
                    StoredInstance stored = DtkJson.read(value, StoredInstance.class);
                    events += stored.inline() && stored.suspendedInbox() != null ? stored.suspendedInbox().size()
                            : stored.inboxSize();
                } catch (RuntimeException e) {
                    // an unreadable instance is dead-lettered by its next step; it holds nothing countable
                }
            }
        }
        return events;
    }
}
