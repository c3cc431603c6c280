package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.message.FailureDetails;

/** A task that ends with a result or a failure reported from elsewhere: an activity or a sub-orchestration. */
abstract class ResultTask<V> extends ReplayTask<V> {

    final String name;
    final int taskId;
    private final Class<V> type;

    ResultTask(ReplayContext ctx, String name, int taskId, Class<V> type) {
        super(ctx);
        this.name = name;
        this.taskId = taskId;
        this.type = type;
    }

    final void onCompleted(JsonNode result) {
        if (!isDone()) {
            completeWithJson(result, type, "cannot use the result of task '" + name + "' (#" + taskId + ")");
        }
    }

    final void onFailed(FailureDetails details) {
        if (!isDone()) {
            fail(new TaskFailedException(name, taskId, new dev.dtk.orchestration.FailureDetails(details.errorType(),
                    details.errorMessage(), details.stackTrace())));
        }
    }
}
