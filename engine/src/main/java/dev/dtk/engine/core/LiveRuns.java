package dev.dtk.engine.core;

import dev.dtk.engine.core.internal.replay.LiveRun;

/**
 * Where a shell keeps orchestrator code alive between steps ({@link LiveRun}), so that a step of an
 * instance whose code waits in memory goes on from there instead of replaying its history. Whatever
 * is kept or not, every step's result is the same: a run that does not match the stored history
 * exactly is thrown away and the history replayed. Not thread-safe: one per stream task.
 */
public interface LiveRuns {

    /** Keeps nothing: every step replays. */
    LiveRuns NONE = new LiveRuns() {
        @Override
        public LiveRun take(String instanceId) {
            return null;
        }

        @Override
        public LiveRun peek(String instanceId) {
            return null;
        }

        @Override
        public void keep(String instanceId, LiveRun run, long weight) {
            run.abandon();
        }

        @Override
        public void clear() {
        }
    };

    /** Removes and returns the run kept for {@code instanceId}, or null. */
    LiveRun take(String instanceId);

    /** The run kept for {@code instanceId}, left kept, or null. */
    LiveRun peek(String instanceId);

    /** Keeps {@code run} for {@code instanceId}; {@code weight} is what its history takes in bytes, roughly. */
    void keep(String instanceId, LiveRun run, long weight);

    /** Lets every kept run go (the stores may have been rolled back, or the task moved). */
    void clear();
}
