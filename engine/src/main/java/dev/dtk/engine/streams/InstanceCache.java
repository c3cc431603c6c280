package dev.dtk.engine.streams;

import dev.dtk.engine.core.InstanceState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instances a stream task stepped recently, read and parsed, so that the next step of a busy
 * instance does not read and parse its whole history again. Bounded by entries and by the size of
 * the histories it holds; the least recently used go first. A processor owns its cache and clears
 * it whenever it is (re)initialized, so nothing an aborted transaction wrote can linger here.
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

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Cached> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    InstanceCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    Cached get(String instanceId) {
        return entries.get(instanceId);
    }

    void put(String instanceId, Cached cached) {
        remove(instanceId);
        if (maxEntries == 0 || weight(cached) > maxBytes) {
            return;
        }
        entries.put(instanceId, cached);
        bytes += weight(cached);
        Iterator<Map.Entry<String, Cached>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= weight(eldest.next().getValue());
            eldest.remove();
        }
    }

    void remove(String instanceId) {
        Cached old = entries.remove(instanceId);
        if (old != null) {
            bytes -= weight(old);
        }
    }

    void clear() {
        entries.clear();
        bytes = 0;
    }

    int size() {
        return entries.size();
    }

    private static long weight(Cached cached) {
        return cached.state().historyBytes() + cached.hot().length + ENTRY_OVERHEAD;
    }
}
