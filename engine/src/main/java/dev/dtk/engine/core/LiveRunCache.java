package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.replay.LiveRun;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The recently active runs, least recently used first out, bounded by count and by the bytes of their
 * histories: a run that does not fit is let go, and its next step replays.
 */
public final class LiveRunCache implements LiveRuns {

    private record Kept(LiveRun run, long weight) {
    }

    private final int maxRuns;
    private final long maxWeight;
    private final LinkedHashMap<String, Kept> runs = new LinkedHashMap<>(16, 0.75f, true);
    private long weight;

    public LiveRunCache(int maxRuns, long maxWeight) {
        this.maxRuns = maxRuns;
        this.maxWeight = maxWeight;
    }

    @Override
    public LiveRun take(String instanceId) {
        Kept kept = runs.remove(instanceId);
        if (kept == null) {
            return null;
        }
        weight -= kept.weight();
        return kept.run();
    }

    @Override
    public LiveRun peek(String instanceId) {
        Kept kept = runs.get(instanceId);
        return kept == null ? null : kept.run();
    }

    @Override
    public void keep(String instanceId, LiveRun run, long runWeight) {
        LiveRun old = take(instanceId);
        if (old != null && old != run) {
            old.abandon();
        }
        if (maxRuns <= 0 || runWeight > maxWeight) {
            run.abandon();
            return;
        }
        runs.put(instanceId, new Kept(run, runWeight));
        weight += runWeight;
        Iterator<Map.Entry<String, Kept>> eldest = runs.entrySet().iterator();
        while ((runs.size() > maxRuns || weight > maxWeight) && eldest.hasNext()) {
            Kept out = eldest.next().getValue();
            eldest.remove();
            weight -= out.weight();
            out.run().abandon();
        }
    }

    @Override
    public void clear() {
        runs.values().forEach(kept -> kept.run().abandon());
        runs.clear();
        weight = 0;
    }

    /** How many runs are kept now. */
    public int size() {
        return runs.size();
    }
}
