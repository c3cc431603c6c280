package dev.dtk.activity;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an activity runs: on which queue ({@code dtk.tasks.<queue>}) and for how long at most. After
 * its timeout the task fails with an {@code ActivityTimeoutException} and its worker slot is freed
 * (the activity's thread is interrupted). Without a timeout, the worker's default applies.
 */
public final class ActivityOptions {

    /** The queue of activities that were not given one. */
    public static final String DEFAULT_QUEUE = "default";

    private final String queue;
    private final Duration timeout;

    private ActivityOptions(String queue, Duration timeout) {
        this.queue = queue;
        this.timeout = timeout;
    }

    /** The default queue, the worker's default timeout. */
    public static ActivityOptions defaults() {
        return new ActivityOptions(DEFAULT_QUEUE, null);
    }

    /** Runs on {@code queue}. */
    public static ActivityOptions onQueue(String queue) {
        return defaults().queue(queue);
    }

    public ActivityOptions queue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("an activity's queue must not be blank");
        }
        return new ActivityOptions(value, timeout);
    }

    /** Fails the task when the activity has not finished after {@code value}. */
    public ActivityOptions timeout(Duration value) {
        Objects.requireNonNull(value, "timeout");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("an activity's timeout must be positive, was " + value);
        }
        return new ActivityOptions(queue, value);
    }

    public String getQueue() {
        return queue;
    }

    public Optional<Duration> getTimeout() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public String toString() {
        return "ActivityOptions[queue=" + queue + ", timeout=" + timeout + "]";
    }
}
