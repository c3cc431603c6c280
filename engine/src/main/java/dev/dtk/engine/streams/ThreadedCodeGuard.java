package dev.dtk.engine.streams;

import dev.dtk.engine.core.CodeGuard;
import dev.dtk.engine.core.EngineFailure;
import dev.dtk.engine.core.StepTimedOutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the orchestrator code of a step on a thread of its own and waits at most {@code timeout} for
 * it, so that code that never returns ({@code while (true)}) cannot wedge a partition. Such code is
 * abandoned: its thread is interrupted and left to end by itself (the JVM cannot stop a thread that
 * ignores interrupts; it keeps using CPU until it returns or the engine restarts, which the log says).
 */
public final class ThreadedCodeGuard implements CodeGuard, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadedCodeGuard.class);

    private final Duration timeout;
    private final ExecutorService threads;
    private final AtomicInteger abandoned = new AtomicInteger();

    public ThreadedCodeGuard(Duration timeout) {
        this.timeout = timeout;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dtk-orchestrator-code-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public <T> T run(Supplier<T> step) {
        Future<T> run;
        try {
            run = threads.submit(step::get);
        } catch (RejectedExecutionException e) {
            throw new EngineFailure("the engine is stopping: orchestrator code cannot run", e);
        }
        try {
            return run.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            timedOut();
            throw StepTimedOutException.after(timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            run.cancel(true);
            Thread.currentThread().interrupt();
            throw new EngineFailure("interrupted while running orchestrator code", e);
        }
    }

    @Override
    public Duration limit() {
        return timeout;
    }

    @Override
    public void timedOut() {
        int total = abandoned.incrementAndGet();
        LOG.error("orchestrator code ran longer than {} in one step and was abandoned ({} abandoned so far); a"
                + " loop that ignores interrupts keeps its thread busy until the engine restarts", timeout, total);
    }

    /** How many runs were abandoned since the engine started. */
    public int abandoned() {
        return abandoned.get();
    }

    /**
     * Stops the threads. Call it only once no stream thread can run a step any more: a step that
     * still comes fails as an {@link EngineFailure} (its input is processed again), never as a refusal.
     */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
