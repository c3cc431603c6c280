package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;

/**
 * The sub-orchestration: {@code callSubOrchestrator} records {@link HistoryEvent.SubOrchestrationCreated}
 * and sends a start (naming its parent) to {@code dtk.commands}; the child's end comes back as a
 * {@link SubOrchestrationCompleted} command, recorded as {@link HistoryEvent.SubOrchestrationCompleted}
 * or {@link HistoryEvent.SubOrchestrationFailed}.
 */
public final class SubOrchestrationKind {

    private SubOrchestrationKind() {
    }

    /** One attempt at a sub-orchestration. */
    static final class Call<V> extends ResultTask<V> {

        final String childInstanceId;

        Call(ReplayContext ctx, String name, int taskId, String childInstanceId, Class<V> type) {
            super(ctx, name, taskId, type);
            this.childInstanceId = childInstanceId;
        }

        @Override
        public String toString() {
            return "sub-orchestration '" + name + "' (#" + taskId + ", instance '" + childInstanceId + "')";
        }
    }

    static <T> ReplayTask<T> call(ReplayContext ctx, String name, String childInstanceId, Object input,
            TaskOptions options, Class<T> type) {
        ReplayContext.requireName(name, "a sub-orchestration");
        JsonNode json = DtkJson.toTree(input);
        return ctx.withRetries(options, () -> {
            int id = ctx.actions().nextId();
            String childId = childInstanceId != null ? childInstanceId
                    : ctx.getInstanceId() + ":" + ctx.generation() + ":" + id;
            ctx.actions().schedule(new HistoryEvent.SubOrchestrationCreated(ctx.currentUtcDateTime(), id, name,
                    childId, json));
            return ctx.register(id, new Call<>(ctx, name, id, childId, type));
        });
    }

    static String describe(HistoryEvent.SubOrchestrationCreated created) {
        return "callSubOrchestrator('" + created.name() + "')";
    }

    static void execute(HistoryEvent.SubOrchestrationCreated created, Execution execution) {
        execution.send(new Outbound.SendCommand(created.instanceId(), new StartOrchestration(
                WireMessage.CURRENT_VERSION, created.name(), created.input(),
                new ParentInstance(execution.instanceId(), execution.executionId(), created.taskId()),
                execution.now())));
    }

    static void completed(ReplayTask<?> open, HistoryEvent.SubOrchestrationCompleted completed) {
        if (open instanceof Call<?> call) {
            call.onCompleted(completed.result());
        }
    }

    static void failed(ReplayTask<?> open, HistoryEvent.SubOrchestrationFailed failed) {
        if (open instanceof Call<?> call) {
            call.onFailed(failed.failure());
        }
    }

    /** A child's end, checked against the parent: it ends a pending sub-orchestration, or changes nothing. */
    public static Admission admit(String instanceId, InstanceState state, SubOrchestrationCompleted result,
            Instant now, Limits limits) {
        String what = "result of sub-orchestration '" + result.childInstanceId() + "' (task #" + result.taskId() + ")";
        String problem = Staleness.of(instanceId, state, result.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isPending(result.taskId(), HistoryEvent.SubOrchestrationCreated.class)) {
            if (result.failure() != null) {
                return Admission.accept(new HistoryEvent.SubOrchestrationFailed(now, result.taskId(),
                        Payloads.trimmed(result.failure())));
            }
            String tooLarge = Payloads.problem(limits, "the output of sub-orchestration '" + result.childInstanceId()
                    + "'", result.output());
            return Admission.accept(tooLarge != null
                    ? new HistoryEvent.SubOrchestrationFailed(now, result.taskId(),
                            FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, tooLarge))
                    : new HistoryEvent.SubOrchestrationCompleted(now, result.taskId(), result.output()));
        }
        return Admission.ignore(pending.isFinished(result.taskId())
                ? "duplicate " + what + " for instance '" + instanceId + "'"
                : what + " for instance '" + instanceId + "': no such sub-orchestration was started");
    }
}
