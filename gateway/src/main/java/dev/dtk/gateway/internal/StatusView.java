package dev.dtk.gateway.internal;

import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The gateway's view of every instance's status, with read-your-writes: a lookup that misses
 * waits (bounded) until the view has caught up with everything written to the status topic so
 * far before it says "no such instance". Since a start writes its Pending status before the
 * start command, an instance whose start was acknowledged is never reported missing.
 */
public final class StatusView {

    private final StatusStore store;
    private final StatusFeed feed;
    private final Duration catchUpTimeout;
    private final Executor workers;

    public StatusView(StatusStore store, StatusFeed feed, Duration catchUpTimeout, Executor workers) {
        this.store = store;
        this.feed = feed;
        this.catchUpTimeout = catchUpTimeout;
        this.workers = workers;
    }

    /** What the view holds now (a RocksDB read: call it off the I/O threads). */
    public Optional<InstanceStatus> local(String instanceId) {
        return store.get(instanceId);
    }

    /** The status of {@code instanceId}; on a miss, after the view caught up. */
    public CompletableFuture<Optional<InstanceStatus>> find(String instanceId) {
        Optional<InstanceStatus> now = store.get(instanceId);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now);
        }
        return fresh(instanceId);
    }

    /** The status of {@code instanceId} once the view caught up with everything written before this call. */
    public CompletableFuture<Optional<InstanceStatus>> fresh(String instanceId) {
        return caughtUp().thenApplyAsync(ignored -> store.get(instanceId), workers);
    }

    /** Completes when the view holds everything written before this call (fails after the bound). */
    public CompletableFuture<Void> caughtUp() {
        return feed.catchUp().orTimeout(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(ApiError.unavailable(
                        "The status view did not catch up with the status topic within " + catchUpTimeout
                                + "; try again.")));
    }

    public void scan(String afterId, String prefix, Predicate<InstanceStatus> visitor) {
        store.scan(afterId, prefix, visitor);
    }
}
