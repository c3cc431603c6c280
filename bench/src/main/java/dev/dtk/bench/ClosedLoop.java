package dev.dtk.bench;

import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * A closed-loop load: {@code count} instances, at most {@code inFlight} of them running at once; each
 * slot is freed when the instance's completion is seen on the status topic.
 */
final class ClosedLoop {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ClosedLoop() {
    }

    /**
     * Completed orchestrations per second, start → completion latency, and when each instance started and
     * completed ({@link System#nanoTime()}; only for the loads that keep them).
     */
    record Result(double perSecond, Percentiles latency, List<Span> spans) {

        Result(double perSecond, Percentiles latency) {
            this(perSecond, latency, List.of());
        }
    }

    /** One instance's start and completion, in {@link System#nanoTime()}. */
    record Span(long startedNanos, long completedNanos) {
    }

    /** Runs the load; {@code start} starts the instance with the given ID (Kafka, HTTP...). */
    static Result run(CompletionWatcher completions, String prefix, int count, int inFlight, Consumer<String> start)
            throws Exception {
        return run(completions, prefix, i -> i < count, inFlight, start);
    }

    /** Runs the load while {@code more} says so of the next instance's number; keeps every instance's span. */
    static Result run(CompletionWatcher completions, String prefix, IntPredicate more, int inFlight,
            Consumer<String> start) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        List<Span> spans = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<InstanceStatus>> all = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; more.test(i); i++) {
            slots.acquire();
            String id = prefix + i;
            CompletableFuture<InstanceStatus> done = completions.expect(id);
            long started = System.nanoTime();
            all.add(done.whenComplete((status, error) -> {
                spans.add(new Span(started, System.nanoTime()));
                slots.release();
            }));
            start.accept(id);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - begin) / 1e9;
        for (CompletableFuture<InstanceStatus> f : all) {
            checkCompleted(prefix, f.get());
        }
        List<Long> micros = spans.stream().map(s -> (s.completedNanos() - s.startedNanos()) / 1_000).toList();
        return new Result(all.size() / seconds, new Percentiles(micros), List.copyOf(spans));
    }

    static void checkCompleted(String id, InstanceStatus status) {
        if (status.runtimeStatus() != RuntimeStatus.Completed) {
            throw new IllegalStateException(id + " ended " + status.runtimeStatus() + ": " + status.output());
        }
    }
}
