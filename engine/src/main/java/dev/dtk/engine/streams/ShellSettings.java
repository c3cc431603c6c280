package dev.dtk.engine.streams;

import dev.dtk.topics.Hub;
import dev.dtk.topics.Limits;
import java.time.Duration;

/**
 * How the Kafka Streams shell runs around the pure core.
 *
 * @param hub the hub whose topics the engine reads and writes
 * @param timerSweepInterval how often due timers are looked for (wall clock)
 * @param timerSweepBudget the most time one sweep spends firing timers, so that one transaction
 *     stays well inside the transaction timeout however many timers are due
 * @param inputPartitions the partitions of {@code <hub>.commands} and {@code <hub>.activity-results};
 *     a record on another partition than its key's is sent on to the right one
 * @param limits sizes of records, payloads and histories
 * @param cacheEntries instances kept parsed between steps (per stream task)
 * @param cacheBytes the history bytes those may hold
 * @param cacheIdle how long an instance stays parsed, and its code alive, without a step; null: no bound
 */
public record ShellSettings(Hub hub, Duration timerSweepInterval, Duration timerSweepBudget, int inputPartitions,
        Limits limits, int cacheEntries, long cacheBytes, Duration cacheIdle) {

    public ShellSettings {
        java.util.Objects.requireNonNull(hub, "hub");
    }

    public static ShellSettings defaults(Duration timerSweepInterval, int inputPartitions) {
        return new ShellSettings(Hub.DEFAULT, timerSweepInterval, Duration.ofMillis(200), inputPartitions, Limits.DEFAULT, 2_000,
                64L * 1024 * 1024, Duration.ofSeconds(1));
    }
}
