package dev.dtk.bench.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a chaos run does: how many orchestrations over how long, how often a process is killed, the
 * phone verification's answer window, the engines' standby replicas, and where it keeps its data and
 * logs ({@code workDir}). {@code root} is the dtk checkout whose built {@code dtk} command runs.
 */
public record ChaosSettings(int instances, Duration loadDuration, Duration killEvery, boolean killBroker,
        Duration brokerDown, Duration smsWindow, int partitions, int standbyReplicas, long seed, Path workDir,
        Path root) {

    public ChaosSettings {
        if (instances < 20) {
            throw new IllegalArgumentException("instances must be at least 20 (one of each kind of the mix), got "
                    + instances);
        }
        if (killEvery.isNegative() || killEvery.isZero()) {
            throw new IllegalArgumentException("the kill interval must be positive, got " + killEvery);
        }
        if (standbyReplicas < 0 || partitions < 1) {
            throw new IllegalArgumentException("standby replicas must be 0 or more and partitions 1 or more");
        }
    }

    /** How long the load, its verification windows and the recoveries may take before the run stops waiting. */
    Duration drainTimeout() {
        return smsWindow.plus(Duration.ofMinutes(3));
    }
}
