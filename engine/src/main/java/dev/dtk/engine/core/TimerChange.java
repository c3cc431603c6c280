package dev.dtk.engine.core;

import java.time.Instant;

/**
 * A change to the timer store for the instance being stepped. Apply them in list order: removals
 * come first, so a removal and an addition with the same key leave the addition in place.
 */
public sealed interface TimerChange {

    record Add(int timerId, Instant fireAt, String executionId) implements TimerChange {
    }

    record Remove(int timerId, Instant fireAt) implements TimerChange {
    }
}
