package dev.dtk.engine.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.internal.replay.EntityLockKind;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of an execution (Completed, Failed or Terminated): the entity locks it still holds or asked
 * for are released, and a waiting parent hears of it.
 */
public final class Finishing {

    /** The error type a parent sees when its sub-orchestration was terminated. */
    public static final String TERMINATED_ERROR_TYPE = "TerminatedException";

    private Finishing() {
    }

    public static InstanceState complete(InstanceState state, JsonNode output, Instant now, StepOutput out) {
        InstanceState done = append(state, new HistoryEvent.ExecutionCompleted(now, RuntimeStatus.Completed, output,
                null)).finished(RuntimeStatus.Completed, output, null, now);
        notifyParent(done, output, null, out);
        return done;
    }

    /** Failed: the output is the error message, as in Durable Functions. */
    public static InstanceState fail(InstanceState state, FailureDetails failure, Instant now, StepOutput out) {
        TextNode message = TextNode.valueOf(failure.errorMessage());
        InstanceState done = append(state, new HistoryEvent.ExecutionCompleted(now, RuntimeStatus.Failed, null,
                failure)).finished(RuntimeStatus.Failed, message, failure, now);
        notifyParent(done, null, failure, out);
        return done;
    }

    public static InstanceState terminate(InstanceState state, String reason, Instant now, StepOutput out) {
        JsonNode output = reason == null ? null : TextNode.valueOf(reason);
        InstanceState done = append(state, new HistoryEvent.ExecutionTerminated(now, reason))
                .finished(RuntimeStatus.Terminated, output, null, now);
        String message = "sub-orchestration '" + out.instanceId() + "' was terminated"
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        notifyParent(done, null, FailureDetails.of(TERMINATED_ERROR_TYPE, message), out);
        return done;
    }

    private static InstanceState append(InstanceState state, HistoryEvent event) {
        List<HistoryEvent> history = new ArrayList<>(state.history());
        history.add(event);
        return state.withHistory(history);
    }

    private static void notifyParent(InstanceState done, JsonNode output, FailureDetails failure, StepOutput out) {
        EntityLockKind.releaseHeld(done.history(), out.instanceId(), done.executionId(), out::send);
        ParentInstance parent = done.parent();
        if (parent != null) {
            out.send(new Outbound.SendCommand(parent.instanceId(), new SubOrchestrationCompleted(
                    WireMessage.CURRENT_VERSION, parent.executionId(), parent.taskId(), out.instanceId(), output,
                    failure)));
        }
    }
}
