package dev.dtk.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition of the test brokers, checking it every 100 ms, and says what did not happen in time. */
final class Deadline {

    private Deadline() {
    }

    /** Returns once {@code done} holds; throws naming {@code what} after {@code timeout}. */
    static void await(Duration timeout, String what, BooleanSupplier done) {
        if (!within(timeout, what, done)) {
            throw new IllegalStateException(what + " did not happen within " + timeout.toSeconds() + " s");
        }
    }

    /** Whether {@code done} came to hold within {@code timeout}. */
    static boolean within(Duration timeout, String what, BooleanSupplier done) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting until " + what, e);
            }
        }
        return true;
    }
}
