package dev.dtk.engine.core.internal.replay;

import dev.dtk.orchestration.Task;
import java.util.Comparator;
import java.util.List;

/** Completes with the child that finished first (successfully or not), in history order. */
final class AnyOfTask extends ReplayTask<Task<?>> {

    AnyOfTask(ReplayContext ctx, List<ReplayTask<?>> children) {
        super(ctx);
        if (children.isEmpty()) {
            throw new IllegalArgumentException("anyOf needs at least one task");
        }
        children.stream()
                .filter(ReplayTask::isDone)
                .min(Comparator.comparingLong(ReplayTask::completionOrder))
                .ifPresentOrElse(this::complete, () -> children.forEach(child -> child.whenDone(this::childDone)));
    }

    private void childDone(ReplayTask<?> child) {
        if (!isDone()) {
            complete(child);
        }
    }
}
