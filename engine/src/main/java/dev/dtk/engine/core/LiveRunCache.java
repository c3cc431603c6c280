package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.replay.LiveRun;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The recently active runs, least recently used first out, bounded by count, by the bytes of their
 * histories, and by how long a run may sit unused: a run that does not fit, or waited longer, is let
 * go, and its next step replays.
 *
 * <p>The idle bound is what keeps a quiet instance off the heap. A run kept for seconds lives through
 * the collector's young collections and is copied at every one; one that waits for a timer or an event
 * that far away gains little from being kept, a replay of its history costs about a millisecond.
 */
public final class LiveRunCache implements LiveRuns {

    private record Kept(LiveRun run, long weight, long keptAt) {
    }

    private final int maxRuns;
    private final long maxWeight;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    /** In the order kept: a run is kept anew after each of its steps, so the eldest is the least recently used. */
    private final LinkedHashMap<String, Kept> runs = new LinkedHashMap<>();
    private long weight;

    /** A cache with no idle bound. */
    public LiveRunCache(int maxRuns, long maxWeight) {
        this(maxRuns, maxWeight, null, System::nanoTime);
    }

    /**
     * A cache that also lets a run go once it has been kept {@code idle} without a step ({@code null}: no
     * bound), as told by {@code nanoClock}.
     */
    public LiveRunCache(int maxRuns, long maxWeight, Duration idle, LongSupplier nanoClock) {
        this.maxRuns = maxRuns;
        this.maxWeight = maxWeight;
        this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
        this.nanoClock = nanoClock;
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
        long now = nanoClock.getAsLong();
        runs.put(instanceId, new Kept(run, runWeight, now));
        weight += runWeight;
        trim(now);
    }

    /** Lets go the runs kept longer than the idle bound. */
    public void expire() {
        if (!runs.isEmpty()) {
            trim(nanoClock.getAsLong());
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

    /** Lets go from the least recently used end while over a bound. */
    private void trim(long now) {
        Iterator<Map.Entry<String, Kept>> eldest = runs.entrySet().iterator();
        while (eldest.hasNext()) {
            Kept out = eldest.next().getValue();
            if (runs.size() <= maxRuns && weight <= maxWeight && now - out.keptAt() <= idleNanos) {
                return;
            }
            eldest.remove();
            weight -= out.weight();
            out.run().abandon();
        }
    }
}
