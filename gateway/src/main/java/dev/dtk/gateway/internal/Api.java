package dev.dtk.gateway.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the routes share: the status view, the command producer, the engines and the threads to wait on. */
public record Api(StatusView view, CommandSender sender, EngineClient engines, ScheduledExecutorService scheduler,
        Executor workers, Duration settleTimeout) {

    /**
     * Completes with true once {@code condition} holds (checked every {@code interval} on the scheduler),
     * or with false at {@code deadlineNanos} ({@link System#nanoTime()}).
     */
    public CompletableFuture<Boolean> until(BooleanSupplier condition, Duration interval, long deadlineNanos) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                try {
                    if (condition.getAsBoolean()) {
                        done.complete(true);
                    } else if (System.nanoTime() >= deadlineNanos) {
                        done.complete(false);
                    } else {
                        scheduler.schedule(this, interval.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        };
        scheduler.execute(check);
        return done;
    }
}
