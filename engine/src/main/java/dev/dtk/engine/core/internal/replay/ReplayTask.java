package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskCanceledException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The common part of every task: its outcome, the order in which it finished (for {@code anyOf})
 * and callbacks for composite and retrying tasks. {@link #await()} takes further events from the
 * history until the task is finished, and suspends the run when none remain.
 */
abstract class ReplayTask<V> implements Task<V> {

    private enum State { PENDING, SUCCEEDED, FAILED, CANCELLED }

    final ReplayContext ctx;
    private State state = State.PENDING;
    private V value;
    private RuntimeException failure;
    private long completionOrder = -1;
    private List<Consumer<? super ReplayTask<V>>> listeners = new ArrayList<>(1);

    ReplayTask(ReplayContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final V await() {
        while (state == State.PENDING) {
            ctx.processNextEventOrSuspend();
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    @Override
    public final boolean isDone() {
        return state != State.PENDING;
    }

    @Override
    public final boolean isCancelled() {
        return state == State.CANCELLED;
    }

    @Override
    public boolean cancel() {
        return false;
    }

    final boolean succeeded() {
        return state == State.SUCCEEDED;
    }

    final V value() {
        return value;
    }

    final RuntimeException failure() {
        return failure;
    }

    /** Position among all tasks of the run in finishing order; -1 while pending. */
    final long completionOrder() {
        return completionOrder;
    }

    /** Calls {@code listener} when this task finishes, or now if it has. */
    final void whenDone(Consumer<? super ReplayTask<V>> listener) {
        if (isDone()) {
            listener.accept(this);
        } else {
            listeners.add(listener);
        }
    }

    final void complete(V result) {
        finish(State.SUCCEEDED, result, null);
    }

    final void fail(RuntimeException error) {
        finish(State.FAILED, null, error);
    }

    final void cancelWith(TaskCanceledException reason) {
        finish(State.CANCELLED, null, reason);
    }

    /** Completes with {@code json} as {@code type}, or fails when it cannot be converted. */
    final void completeWithJson(JsonNode json, Class<V> type, String what) {
        V converted;
        try {
            converted = JsonValues.convert(json, type, what);
        } catch (IllegalArgumentException e) {
            fail(e);
            return;
        }
        complete(converted);
    }

    private void finish(State outcome, V result, RuntimeException error) {
        if (state != State.PENDING) {
            return;
        }
        state = outcome;
        value = result;
        failure = error;
        completionOrder = ctx.nextCompletionOrder();
        List<Consumer<? super ReplayTask<V>>> waiting = listeners;
        listeners = List.of();
        waiting.forEach(listener -> listener.accept(this));
    }
}
