package dev.dtk.client.internal;

import dev.dtk.client.DtkUnavailableException;
import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The client's view of every instance's status, with read-your-writes: a lookup that misses waits
 * (bounded) until the view has caught up with everything written to the status topic so far
 * before it says "no such instance". Since a start writes its Pending status before the start
 * command, an instance whose start was acknowledged is never reported missing. Callers may also
 * wait for a status to reach a condition: the feed wakes them when it writes that instance, no
 * polling.
 */
public final class StatusView {

    private final StatusStore store;
    private final StatusFeed feed;
    private final Duration catchUpTimeout;
    private final Executor workers;
    private final ScheduledExecutorService scheduler;
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Optional<InstanceStatus>>> listeners = new CopyOnWriteArrayList<>();

    private record Waiter(Predicate<Optional<InstanceStatus>> condition,
            CompletableFuture<Optional<InstanceStatus>> done) {
    }

    public StatusView(StatusStore store, StatusFeed feed, Duration catchUpTimeout, Executor workers,
            ScheduledExecutorService scheduler) {
        this.store = store;
        this.feed = feed;
        this.catchUpTimeout = catchUpTimeout;
        this.workers = workers;
        this.scheduler = scheduler;
        feed.onWritten(this::written);
    }

    /** What the view holds now (a RocksDB read: call it off I/O threads). */
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
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(new DtkUnavailableException(
                        "The status view did not catch up with the status topic within " + catchUpTimeout
                                + "; try again.")));
    }

    /**
     * Completes with the instance's status once {@code condition} holds for it (empty: no such
     * instance), or with whatever the view holds when {@code timeout} has passed.
     */
    public CompletableFuture<Optional<InstanceStatus>> await(String instanceId,
            Predicate<Optional<InstanceStatus>> condition, Duration timeout) {
        CompletableFuture<Optional<InstanceStatus>> done = new CompletableFuture<>();
        Waiter waiter = new Waiter(condition, done);
        waiters.computeIfAbsent(instanceId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        done.whenComplete((status, error) -> forget(instanceId, waiter));
        workers.execute(() -> check(instanceId, waiter));
        scheduler.schedule(() -> workers.execute(() -> done.complete(safeLocal(instanceId))),
                Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        return done;
    }

    public void scan(String afterId, String prefix, Predicate<InstanceStatus> visitor) {
        store.scan(afterId, prefix, visitor);
    }

    /** Calls {@code listener} with every status the feed writes from now on (empty: purged). */
    public void listen(BiConsumer<String, Optional<InstanceStatus>> listener) {
        listeners.add(listener);
    }

    /** Called by the feed (on its thread) after it wrote statuses of {@code instanceIds}. */
    private void written(Set<String> instanceIds) {
        if (!listeners.isEmpty()) {
            workers.execute(() -> instanceIds.forEach(id -> {
                Optional<InstanceStatus> status = safeLocal(id);
                listeners.forEach(listener -> listener.accept(id, status));
            }));
        }
        if (waiters.isEmpty()) {
            return;
        }
        for (String id : instanceIds) {
            List<Waiter> waiting = waiters.get(id);
            if (waiting != null) {
                waiting.forEach(waiter -> workers.execute(() -> check(id, waiter)));
            }
        }
    }

    private void check(String instanceId, Waiter waiter) {
        if (waiter.done().isDone()) {
            return;
        }
        try {
            Optional<InstanceStatus> status = store.get(instanceId);
            if (waiter.condition().test(status)) {
                waiter.done().complete(status);
            }
        } catch (RuntimeException e) {
            waiter.done().completeExceptionally(e);
        }
    }

    private Optional<InstanceStatus> safeLocal(String instanceId) {
        try {
            return store.get(instanceId);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void forget(String instanceId, Waiter waiter) {
        waiters.computeIfPresent(instanceId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }
}
