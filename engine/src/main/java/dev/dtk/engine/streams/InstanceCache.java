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

    private static final long ENTRY_OVERHEAD = 1024;

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, InstanceState> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    InstanceCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    InstanceState get(String instanceId) {
        return entries.get(instanceId);
    }

    void put(String instanceId, InstanceState state) {
        remove(instanceId);
        if (maxEntries == 0 || weight(state) > maxBytes) {
            return;
        }
        entries.put(instanceId, state);
        bytes += weight(state);
        Iterator<Map.Entry<String, InstanceState>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
            bytes -= weight(eldest.next().getValue());
            eldest.remove();
        }
    }

    void remove(String instanceId) {
        InstanceState old = entries.remove(instanceId);
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

    private static long weight(InstanceState state) {
        return state.historyBytes() + ENTRY_OVERHEAD;
    }
}
