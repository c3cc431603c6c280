package dev.dtk.engine.streams;

import dev.dtk.engine.core.BoundedLru;
import dev.dtk.engine.core.InstanceState;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The instances a stream task stepped recently, read and parsed, so that the next step of a busy
 * instance does not read and parse its whole history again. Bounded by entries, by the size of the
 * histories it holds, and by how long an instance may go unused; the least recently used go first. A
 * processor owns its cache and clears it whenever it is (re)initialized, so nothing an aborted
 * transaction wrote can linger here.
 */
final class InstanceCache {

    /**
     * An instance as parsed from {@code hot}, its record in the instances store, with how many events of
     * each list the history store holds for it. While the store holds those very bytes, the state is
     * current and nothing needs parsing.
     */
    record Cached(InstanceState state, byte[] hot, int storedHistory, int storedInbox) {
    }

    private static final long ENTRY_OVERHEAD = 1024;

    private final BoundedLru<String, Cached> entries;

    /** A cache with no idle bound. */
    InstanceCache(int maxEntries, long maxBytes) {
        this(maxEntries, maxBytes, null, System::nanoTime);
    }

    /** A cache that also forgets an instance unused for {@code idle} ({@code null}: no bound). */
    InstanceCache(int maxEntries, long maxBytes, Duration idle, LongSupplier nanoClock) {
        this.entries = new BoundedLru<>(maxEntries, maxBytes, idle, nanoClock, InstanceCache::weight, cached -> {
        });
    }

    /** The parsed instance, or null; a read counts as a use. */
    Cached get(String instanceId) {
        return entries.get(instanceId);
    }

    void put(String instanceId, Cached cached) {
        entries.put(instanceId, cached);
    }

    void remove(String instanceId) {
        entries.remove(instanceId);
    }

    /** Forgets the instances unused for longer than the idle bound. */
    void expire() {
        entries.expire();
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private static long weight(Cached cached) {
        return cached.state().historyBytes() + cached.hot().length + ENTRY_OVERHEAD;
    }
}
