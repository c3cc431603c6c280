package dev.dtk.client.internal;

import dev.dtk.client.DtkUnavailableException;
import dev.dtk.topics.message.EntityStatus;
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
 * The client's view of every instance's status, with read-your-writes and one writer per topic
 * (only engines write statuses): a start this client had acknowledged shows as Pending until the
 * engine's status arrives ({@link AcceptedStarts}); a lookup that misses waits (bounded) until the
 * engines have processed every command written so far and the view has caught up with the status
 * topic, so a start any client had acknowledged is found. Callers may also wait for a status to
 * reach a condition: the feed wakes them when it writes that instance, no polling.
 */
public final class StatusView {

    private final StatusStore store;
    private final StatusFeed feed;
    private final Duration catchUpTimeout;
    private final Executor workers;
    private final ScheduledExecutorService scheduler;
    private final EngineProgress engines;
    private final AcceptedStarts accepted = new AcceptedStarts();
    private final Map<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Optional<InstanceStatus>>> listeners = new CopyOnWriteArrayList<>();

    private record Waiter(Predicate<Optional<InstanceStatus>> condition,
            CompletableFuture<Optional<InstanceStatus>> done) {
    }

    public StatusView(StatusStore store, StatusFeed feed, Duration catchUpTimeout, Executor workers,
            ScheduledExecutorService scheduler, EngineProgress engines) {
        this.engines = engines;
        this.store = store;
        this.feed = feed;
        this.catchUpTimeout = catchUpTimeout;
        this.workers = workers;
        this.scheduler = scheduler;
        feed.onWritten(this::written);
    }

    /** What a reader sees now: the view, or a start this client accepted (a RocksDB read: off I/O threads). */
    public Optional<InstanceStatus> local(String instanceId) {
        return accepted.resolve(instanceId, store.get(instanceId));
    }

    /** What the view itself holds, without the starts this client accepted. */
    public Optional<InstanceStatus> viewed(String instanceId) {
        return store.get(instanceId);
    }

    /** The status of {@code instanceId}; on a miss, after the engines and the view caught up. */
    public CompletableFuture<Optional<InstanceStatus>> find(String instanceId) {
        Optional<InstanceStatus> now = local(instanceId);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now);
        }
        return fresh(instanceId);
    }

    /**
     * The status of {@code instanceId} once the engines processed every command written before this call
     * and the view caught up with what they wrote. A miss while the engines are behind is not an answer:
     * it fails with a {@link DtkUnavailableException} that says so.
     */
    public CompletableFuture<Optional<InstanceStatus>> fresh(String instanceId) {
        return settled().thenApplyAsync(enginesDone -> {
            Optional<InstanceStatus> status = local(instanceId);
            if (status.isEmpty() && !enginesDone) {
                throw new DtkUnavailableException("No status for instance '" + instanceId + "' yet, and the engines"
                        + " have not processed every command written so far (is an engine running?); try again.");
            }
            return status;
        }, workers);
    }

    /**
     * Completes once the engines processed every command written before this call (true; false when
     * they did not within the catch-up timeout) and the view caught up with the status topic after that:
     * with every status the engines' transactions wrote, whose markers on the status partitions may
     * still be on their way when the engines' offsets already show the transactions committed.
     */
    public CompletableFuture<Boolean> settled() {
        return engines.caughtUp(catchUpTimeout).thenCompose(done -> bounded(done ? feed.catchUpWritten()
                : feed.catchUp()).thenApply(ok -> done));
    }

    /** Remembers a start this client had acknowledged, so that readers see it Pending until the engine answers. */
    public void accepted(InstanceStatus pending, Optional<InstanceStatus> previous) {
        accepted.remember(pending, previous);
    }

    /** Starts this client accepted that the view may lack, in ID order after {@code afterId}. */
    public java.util.NavigableMap<String, InstanceStatus> acceptedAfter(String afterId) {
        return accepted.after(afterId);
    }

    /** Completes when the view holds everything written before this call (fails after the bound). */
    public CompletableFuture<Void> caughtUp() {
        return bounded(feed.catchUp());
    }

    private CompletableFuture<Void> bounded(CompletableFuture<Void> catchUp) {
        return catchUp.orTimeout(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)
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

    /** The state of entity {@code entityId} once the view has caught up with everything written before this call. */
    public CompletableFuture<Optional<EntityStatus>> entity(String entityId) {
        return caughtUp().thenApplyAsync(ok -> store.entity(entityId), workers);
    }

    public void scanEntities(String afterId, String prefix, Predicate<EntityStatus> visitor) {
        store.scanEntities(afterId, prefix, visitor);
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
            Optional<InstanceStatus> status = local(instanceId);
            if (waiter.condition().test(status)) {
                waiter.done().complete(status);
            }
        } catch (RuntimeException e) {
            waiter.done().completeExceptionally(e);
        }
    }

    private Optional<InstanceStatus> safeLocal(String instanceId) {
        try {
            return local(instanceId);
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
