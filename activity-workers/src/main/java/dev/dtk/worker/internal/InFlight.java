package dev.dtk.worker.internal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the tasks in flight (from dispatch until their result is acknowledged), against the
 * worker's maximum. When the polling thread waits for a slot to free up, a release wakes it.
 */
final class InFlight {

    private final int max;
    private final Runnable wakeUp;
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean waiting;

    InFlight(int max, Runnable wakeUp) {
        this.max = max;
        this.wakeUp = wakeUp;
    }

    void acquire() {
        count.incrementAndGet();
    }

    void release() {
        count.decrementAndGet();
        if (waiting) {
            wakeUp.run();
        }
    }

    boolean hasRoom() {
        return count.get() < max;
    }

    int count() {
        return count.get();
    }

    /** Whether the polling thread wants to be woken by the next release. */
    void waiting(boolean waiting) {
        this.waiting = waiting;
    }
}
