package dev.dtk.worker.internal;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * Progress on one partition: which offsets were started and which are finished. The offset to
 * commit is the lowest unfinished one (or one past the highest started when all are finished), so
 * a commit never skips work that has not produced its result. Thread-safe: offsets start on the
 * polling thread and finish on the producer's thread.
 */
public final class PartitionOffsets {

    private final TreeSet<Long> unfinished = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** The record at {@code offset} was handed out for processing. */
    public synchronized void started(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, but was " + offset);
        }
        unfinished.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** The record at {@code offset} is done: its result was acknowledged. Unknown offsets are ignored. */
    public synchronized void finished(long offset) {
        unfinished.remove(offset);
    }

    /**
     * The offset to commit: every started offset below it is finished. Empty when nothing was started
     * or when it would not move past what was already committed.
     */
    public synchronized OptionalLong committable() {
        if (next < 0) {
            return OptionalLong.empty();
        }
        long offset = unfinished.isEmpty() ? next : unfinished.first();
        return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    /** {@code offset} was committed; later calls to {@link #committable()} only return higher ones. */
    public synchronized void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    /**
     * The consumer stands at {@code position} with nothing of this partition in hand: what lies between
     * the last record started and there holds no task (transaction markers the engine's commits leave),
     * so the commit may move up to it, and the group shows no lag that is not work.
     */
    public synchronized void passed(long position) {
        if (next >= 0 && unfinished.isEmpty() && position > next) {
            next = position;
        }
    }

    public synchronized int unfinishedCount() {
        return unfinished.size();
    }
}
