package dev.dtk.engine.core.internal.replay;

import dev.dtk.orchestration.RetryPolicy;
import dev.dtk.orchestration.TaskFailedException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs attempts of an activity or sub-orchestration until one succeeds or the policy gives up;
 * between attempts it waits on a durable timer. Driven by callbacks, so it works inside
 * {@code anyOf}/{@code allOf}; every attempt and timer gets its own sequence number.
 */
final class RetriableTask<V> extends ReplayTask<V> {

    private final RetryPolicy policy;
    private final Supplier<ReplayTask<V>> attempts;
    private final Instant firstAttemptAt;
    private int attemptCount;

    RetriableTask(ReplayContext ctx, RetryPolicy policy, Supplier<ReplayTask<V>> attempts) {
        super(ctx);
        this.policy = policy;
        this.attempts = attempts;
        this.firstAttemptAt = ctx.currentUtcDateTime();
        startAttempt();
    }

    private void startAttempt() {
        attemptCount++;
        attempts.get().whenDone(this::attemptDone);
    }

    private void attemptDone(ReplayTask<V> attempt) {
        if (attempt.succeeded()) {
            complete(attempt.value());
        } else if (attempt.failure() instanceof TaskFailedException && mayRetry()) {
            Instant retryAt = ctx.currentUtcDateTime().plus(policy.delayAfterAttempt(attemptCount));
            ctx.newTimer(retryAt).whenDone(timer -> startAttempt());
        } else {
            fail(attempt.failure());
        }
    }

    private boolean mayRetry() {
        if (attemptCount >= policy.getMaxNumberOfAttempts()) {
            return false;
        }
        return policy.getRetryTimeout()
                .map(timeout -> ctx.currentUtcDateTime().isBefore(firstAttemptAt.plus(timeout)))
                .orElse(true);
    }
}
