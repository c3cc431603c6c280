package dev.dtk.engine.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Read-only look at the {@code timers} store, for diagnostics and tests. */
public final class TimerStoreView {

    private TimerStoreView() {
    }

    /** The due times of the timers of {@code instanceId} in the store, earliest first. A full scan. */
    public static List<Instant> timersOf(ReadOnlyKeyValueStore<Bytes, byte[]> timers, String instanceId) {
        List<Instant> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timers.all()) {
            while (it.hasNext()) {
                TimerKey key = TimerKey.fromBytes(it.next().key);
                if (key.instanceId().equals(instanceId)) {
                    due.add(key.fireAt());
                }
            }
        }
        return due;
    }

    /** How many timers the store holds. A full scan. */
    public static long count(ReadOnlyKeyValueStore<Bytes, byte[]> timers) {
        long count = 0;
        try (KeyValueIterator<Bytes, byte[]> it = timers.all()) {
            while (it.hasNext()) {
                it.next();
                count++;
            }
        }
        return count;
    }
}
