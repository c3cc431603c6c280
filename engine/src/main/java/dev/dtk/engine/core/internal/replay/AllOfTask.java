package dev.dtk.engine.core.internal.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Completes with every child's result, in order, once all have succeeded; fails with the first failure. */
final class AllOfTask<V> extends ReplayTask<List<V>> {

    private final List<ReplayTask<V>> children;
    private int remaining;

    AllOfTask(ReplayContext ctx, List<ReplayTask<V>> children) {
        super(ctx);
        this.children = List.copyOf(children);
        this.remaining = children.size();
        if (children.isEmpty()) {
            complete(List.of());
            return;
        }
        // children that already finished are taken in the order they finished, so the first failure wins
        children.stream()
                .filter(ReplayTask::isDone)
                .sorted(Comparator.comparingLong(ReplayTask::completionOrder))
                .forEach(this::childDone);
        children.stream().filter(child -> !child.isDone()).forEach(child -> child.whenDone(this::childDone));
    }

    private void childDone(ReplayTask<V> child) {
        if (isDone()) {
            return;
        }
        if (!child.succeeded()) {
            fail(child.failure());
            return;
        }
        if (--remaining == 0) {
            List<V> results = new ArrayList<>(children.size());
            children.forEach(c -> results.add(c.value()));
            complete(results);
        }
    }
}
