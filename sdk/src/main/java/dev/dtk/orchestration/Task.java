package dev.dtk.orchestration;

/** A durable task of an orchestration: an activity, a timer, an external event, a sub-orchestration. */
public interface Task<V> {

    /**
     * The result, waiting (durably) until it is there. Throws {@link TaskFailedException} when the
     * task failed and {@link TaskCanceledException} when it was cancelled or timed out.
     */
    V await();

    boolean isDone();

    boolean isCancelled();

    /** Cancels a pending timer and returns {@code true}; does nothing and returns {@code false} otherwise. */
    boolean cancel();
}
