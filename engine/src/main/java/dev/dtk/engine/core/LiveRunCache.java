package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.replay.LiveRun;
import java.time.Duration;
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

    /** Kept anew after each step, and a {@link #peek} is no use: the eldest is the least recently stepped. */
    private final BoundedLru<String, LiveRun> runs;

    /** A cache with no idle bound. */
    public LiveRunCache(int maxRuns, long maxWeight) {
        this(maxRuns, maxWeight, null, System::nanoTime);
    }

    /**
     * A cache that also lets a run go once it has been kept {@code idle} without a step ({@code null}: no
     * bound), as told by {@code nanoClock}.
     */
    public LiveRunCache(int maxRuns, long maxWeight, Duration idle, LongSupplier nanoClock) {
        this.runs = new BoundedLru<>(maxRuns, maxWeight, idle, nanoClock, null, LiveRun::abandon);
    }

    @Override
    public LiveRun take(String instanceId) {
        return runs.remove(instanceId);
    }

    @Override
    public LiveRun peek(String instanceId) {
        return runs.peek(instanceId);
    }

    @Override
    public void keep(String instanceId, LiveRun run, long runWeight) {
        LiveRun old = take(instanceId);
        if (old != null && old != run) {
            old.abandon();
        }
        runs.put(instanceId, run, runWeight);
    }

    /** Lets go the runs kept longer than the idle bound. */
    public void expire() {
        runs.expire();
    }

    @Override
    public void clear() {
        runs.clear();
    }

    /** How many runs are kept now. */
    public int size() {
        return runs.size();
    }
}
