package dev.dtk.orchestration;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How often and how fast to retry a failed activity or sub-orchestration. The delay before attempt
 * {@code n + 1} is {@code firstRetryInterval * backoffCoefficient^(n - 1)}, capped by
 * {@code maxRetryInterval}; no attempt starts once {@code retryTimeout} has passed since the first.
 */
public final class RetryPolicy {

    private static final double MAX_DELAY_NANOS = (double) Duration.ofDays(365L * 100).toNanos();

    private final int maxNumberOfAttempts;
    private final Duration firstRetryInterval;
    private final double backoffCoefficient;
    private final Duration maxRetryInterval;
    private final Duration retryTimeout;

    private RetryPolicy(Builder b) {
        this.maxNumberOfAttempts = b.maxNumberOfAttempts;
        this.firstRetryInterval = b.firstRetryInterval;
        this.backoffCoefficient = b.backoffCoefficient;
        this.maxRetryInterval = b.maxRetryInterval;
        this.retryTimeout = b.retryTimeout;
    }

    /** @param maxNumberOfAttempts attempts in all, the first one included (at least 1) */
    public static Builder builder(int maxNumberOfAttempts, Duration firstRetryInterval) {
        return new Builder(maxNumberOfAttempts, firstRetryInterval);
    }

    public int getMaxNumberOfAttempts() {
        return maxNumberOfAttempts;
    }

    public Duration getFirstRetryInterval() {
        return firstRetryInterval;
    }

    public double getBackoffCoefficient() {
        return backoffCoefficient;
    }

    /** Empty: unbounded. */
    public Optional<Duration> getMaxRetryInterval() {
        return Optional.ofNullable(maxRetryInterval);
    }

    /** Empty: unbounded. */
    public Optional<Duration> getRetryTimeout() {
        return Optional.ofNullable(retryTimeout);
    }

    /** The delay after failed attempt number {@code attempt} (1 = the first try). */
    public Duration delayAfterAttempt(int attempt) {
        double nanos = firstRetryInterval.toNanos() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
        if (maxRetryInterval != null) {
            nanos = Math.min(nanos, maxRetryInterval.toNanos());
        }
        return Duration.ofNanos((long) Math.min(nanos, MAX_DELAY_NANOS));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryPolicy p && maxNumberOfAttempts == p.maxNumberOfAttempts
                && firstRetryInterval.equals(p.firstRetryInterval)
                && Double.compare(backoffCoefficient, p.backoffCoefficient) == 0
                && Objects.equals(maxRetryInterval, p.maxRetryInterval) && Objects.equals(retryTimeout, p.retryTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval, retryTimeout);
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxNumberOfAttempts=" + maxNumberOfAttempts + ", firstRetryInterval=" + firstRetryInterval
                + ", backoffCoefficient=" + backoffCoefficient + ", maxRetryInterval=" + maxRetryInterval
                + ", retryTimeout=" + retryTimeout + "]";
    }

    /** Builds a {@link RetryPolicy}; {@link #build()} checks every setting. */
    public static final class Builder {

        private final int maxNumberOfAttempts;
        private final Duration firstRetryInterval;
        private double backoffCoefficient = 1.0;
        private Duration maxRetryInterval;
        private Duration retryTimeout;

        private Builder(int maxNumberOfAttempts, Duration firstRetryInterval) {
            this.maxNumberOfAttempts = maxNumberOfAttempts;
            this.firstRetryInterval = firstRetryInterval;
        }

        /** Default 1.0 (a fixed delay); at least 1.0. */
        public Builder backoffCoefficient(double coefficient) {
            this.backoffCoefficient = coefficient;
            return this;
        }

        /** Default unbounded. */
        public Builder maxRetryInterval(Duration interval) {
            this.maxRetryInterval = interval;
            return this;
        }

        /** Default unbounded; measured from the first attempt. */
        public Builder retryTimeout(Duration timeout) {
            this.retryTimeout = timeout;
            return this;
        }

        public RetryPolicy build() {
            if (maxNumberOfAttempts < 1) {
                throw new IllegalArgumentException("maxNumberOfAttempts must be at least 1 (it counts the first try), was "
                        + maxNumberOfAttempts);
            }
            requirePositive("firstRetryInterval", firstRetryInterval);
            if (!(backoffCoefficient >= 1.0) || Double.isInfinite(backoffCoefficient)) {
                throw new IllegalArgumentException("backoffCoefficient must be a finite number of at least 1.0, was "
                        + backoffCoefficient);
            }
            if (maxRetryInterval != null) {
                requirePositive("maxRetryInterval", maxRetryInterval);
            }
            if (retryTimeout != null) {
                requirePositive("retryTimeout", retryTimeout);
            }
            return new RetryPolicy(this);
        }

        private static void requirePositive(String setting, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting + " must be a positive duration, was " + value);
            }
        }
    }
}
