package dev.dtk.engine.telemetry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * A gauge's figure that takes a scan or a round trip to the brokers: a scrape never waits for it.
 * {@link #ask()} starts a count on a virtual thread when the last one is older than {@code refresh}
 * and none is running; the gauge answers the last figure meanwhile. A count that could not be made
 * (returns false) is tried again at the next scrape.
 */
final class Recount {

    private final long refreshNanos;
    private final String threadName;
    private final BooleanSupplier count;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long countedAt = Long.MIN_VALUE;

    Recount(Duration refresh, String threadName, BooleanSupplier count) {
        this.refreshNanos = refresh.toNanos();
        this.threadName = threadName;
        this.count = count;
    }

    void ask() {
        long now = System.nanoTime();
        if ((countedAt == Long.MIN_VALUE || now - countedAt > refreshNanos) && running.compareAndSet(false, true)) {
            Thread.ofVirtual().name(threadName).start(this::run);
        }
    }

    /** Counts anew as soon as none is running: the last figure no longer fits what it is asked about. */
    void again() {
        countedAt = Long.MIN_VALUE;
        ask();
    }

    private void run() {
        try {
            if (count.getAsBoolean()) {
                countedAt = System.nanoTime();
            }
        } finally {
            running.set(false);
        }
    }
}
