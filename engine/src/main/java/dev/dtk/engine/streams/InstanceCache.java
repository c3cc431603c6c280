package dev.dtk.engine.streams;

import dev.dtk.engine.core.InstanceState;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** An entry and when it was last put or read. */
    private static final class Slot {
        final Cached cached;
        long usedAt;

        Slot(Cached cached, long usedAt) {
            this.cached = cached;
            this.usedAt = usedAt;
        }
    }

    private static final long ENTRY_OVERHEAD = 1024;

    private final int maxEntries;
    private final long maxBytes;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** In access order, each access stamped: the eldest is the least recently used. */
    private final LinkedHashMap<String, Slot> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    /** A cache with no idle bound. */
    InstanceCache(int maxEntries, long maxBytes) {
        this(maxEntries, maxBytes, null, System::nanoTime);
    }

    /** A cache that also forgets an instance unused for {@code idle} ({@code null}: no bound). */
    InstanceCache(int maxEntries, long maxBytes, Duration idle, LongSupplier nanoClock) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
        this.nanoClock = nanoClock;
    }

    Cached get(String instanceId) {
        Slot slot = entries.get(instanceId);
        if (slot == null) {
            return null;
        }
        slot.usedAt = nanoClock.getAsLong();
        return slot.cached;
    }

    void put(String instanceId, Cached cached) {
        remove(instanceId);
        if (maxEntries == 0 || weight(cached) > maxBytes) {
            return;
        }
        long now = nanoClock.getAsLong();
        entries.put(instanceId, new Slot(cached, now));
        bytes += weight(cached);
        trim(now);
    }

    void remove(String instanceId) {
        Slot old = entries.remove(instanceId);
        if (old != null) {
            bytes -= weight(old.cached);
        }
    }

    /** Forgets the instances unused for longer than the idle bound. */
    void expire() {
        if (!entries.isEmpty()) {
            trim(nanoClock.getAsLong());
        }
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }

    int size() {
        return entries.size();
    }

    private void trim(long now) {
        Iterator<Map.Entry<String, Slot>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Slot slot = eldest.next().getValue();
            if (entries.size() <= maxEntries && bytes <= maxBytes && now - slot.usedAt <= idleNanos) {
                return;
            }
            eldest.remove();
            bytes -= weight(slot.cached);
        }
    }

    private static long weight(Cached cached) {
        return cached.state().historyBytes() + cached.hot().length + ENTRY_OVERHEAD;
    }
}
