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

/**
 * A closed-loop load: {@code count} instances, at most {@code inFlight} of them running at once; each
 * slot is freed when the instance's completion is seen on the status topic.
 */
final class ClosedLoop {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ClosedLoop() {
    }

    /** Completed orchestrations per second, and start → completion latency. */
    record Result(double perSecond, Percentiles latency) {
    }

    /** Runs the load; {@code start} starts the instance with the given ID (Kafka, HTTP...). */
    static Result run(CompletionWatcher completions, String prefix, int count, int inFlight, Consumer<String> start)
            throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<InstanceStatus>> all = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            String id = prefix + i;
            CompletableFuture<InstanceStatus> done = completions.expect(id);
            long started = System.nanoTime();
            all.add(done.whenComplete((status, error) -> {
                micros.add((System.nanoTime() - started) / 1_000);
                slots.release();
            }));
            start.accept(id);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        double seconds = (System.nanoTime() - begin) / 1e9;
        for (CompletableFuture<InstanceStatus> f : all) {
            checkCompleted(prefix, f.get());
        }
        return new Result(count / seconds, new Percentiles(micros));
    }

    static void checkCompleted(String id, InstanceStatus status) {
        if (status.runtimeStatus() != RuntimeStatus.Completed) {
            throw new IllegalStateException(id + " ended " + status.runtimeStatus() + ": " + status.output());
        }
    }
}
