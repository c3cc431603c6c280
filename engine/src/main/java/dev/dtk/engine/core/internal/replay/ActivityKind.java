package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;

/**
 * The activity: {@code callActivity} records {@link HistoryEvent.TaskScheduled} and sends an
 * {@link ActivityTask} to {@code dtk.tasks.<queue>}; a worker's {@link ActivityResult} becomes
 * {@link HistoryEvent.TaskCompleted} or {@link HistoryEvent.TaskFailed}. An activity for a queue
 * that is not configured fails at once.
 */
public final class ActivityKind {

    /** The error type of an activity whose queue is not configured. */
    public static final String UNKNOWN_QUEUE_ERROR_TYPE = "ActivityQueueNotConfigured";
    /** The error type of an activity whose output is over the payload limit. */
    public static final String OUTPUT_TOO_LARGE = "ActivityOutputTooLargeException";

    private ActivityKind() {
    }

    /** One attempt at an activity (with a retry policy, {@link RetriableTask} makes more). */
    static final class Call<V> extends ResultTask<V> {

        Call(ReplayContext ctx, String name, int taskId, Class<V> type) {
            super(ctx, name, taskId, type);
        }

        @Override
        public String toString() {
            return "activity '" + name + "' (#" + taskId + ")";
        }
    }

    static <T> ReplayTask<T> call(ReplayContext ctx, String name, Object input, TaskOptions options, Class<T> type) {
        ReplayContext.requireName(name, "an activity");
        if (name.startsWith("BuiltIn::")) {
            throw new IllegalArgumentException("'" + name + "' is a built-in activity; use callHttp for HTTP calls");
        }
        JsonNode json = DtkJson.toTree(input);
        String queue = ctx.routing().queueFor(name, options == null ? null : options.getQueue().orElse(null));
        return ctx.withRetries(options, () -> {
            int id = ctx.actions().nextId();
            ctx.actions().schedule(new HistoryEvent.TaskScheduled(ctx.currentUtcDateTime(), id, name, json, queue));
            return ctx.register(id, new Call<>(ctx, name, id, type));
        });
    }

    static String describe(HistoryEvent.TaskScheduled scheduled) {
        return "callActivity('" + scheduled.name() + "')";
    }

    static void execute(HistoryEvent.TaskScheduled scheduled, Execution execution) {
        if (execution.routing().isKnown(scheduled.queue())) {
            execution.send(schedule(execution.instanceId(), execution.executionId(), scheduled, execution.now()));
        } else {
            execution.followAtOnce(new HistoryEvent.TaskFailed(execution.now(), scheduled.taskId(), FailureDetails.of(
                    UNKNOWN_QUEUE_ERROR_TYPE, execution.routing().unknownQueueMessage(scheduled.queue()))));
        }
    }

    /** The record that asks a worker of the activity's queue to run it. */
    public static Outbound.ScheduleActivity schedule(String instanceId, String executionId,
            HistoryEvent.TaskScheduled scheduled, Instant now) {
        return schedule(instanceId, executionId, scheduled, now, 0);
    }

    /** The same, for a task rewound {@code rewinds} times: workers tell its run apart from the earlier ones. */
    public static Outbound.ScheduleActivity schedule(String instanceId, String executionId,
            HistoryEvent.TaskScheduled scheduled, Instant now, int rewinds) {
        return new Outbound.ScheduleActivity(scheduled.queue(), new ActivityTask(WireMessage.CURRENT_VERSION,
                instanceId, executionId, scheduled.taskId(), scheduled.name(), scheduled.input(), now, rewinds));
    }

    static void completed(ReplayTask<?> open, HistoryEvent.TaskCompleted completed) {
        if (open instanceof Call<?> call) {
            call.onCompleted(completed.result());
        }
    }

    static void failed(ReplayTask<?> open, HistoryEvent.TaskFailed failed) {
        if (open instanceof Call<?> call) {
            call.onFailed(failed.failure());
        }
    }

    /** The outcome of a completed activity: its output, or a failure when the output is over the limit. */
    private static HistoryEvent.Outcome completion(ActivityCompleted completed, Instant now, Limits limits) {
        String tooLarge = Payloads.problem(limits, "the output of activity '" + completed.name() + "'",
                completed.output());
        if (tooLarge != null) {
            return new HistoryEvent.TaskFailed(now, completed.taskId(), FailureDetails.of(OUTPUT_TOO_LARGE, tooLarge));
        }
        return new HistoryEvent.TaskCompleted(now, completed.taskId(), completed.output());
    }

    /** A worker's result, checked against the instance: it ends a pending activity, or changes nothing. */
    public static Admission admit(String instanceId, InstanceState state, ActivityResult result, Instant now,
            Limits limits) {
        String what = "result of activity task #" + result.taskId() + " ('" + result.name() + "')";
        String problem = Staleness.of(instanceId, state, result.executionId(), what);
        if (problem != null) {
            return Admission.ignore(problem);
        }
        PendingWork pending = PendingWork.of(state);
        if (pending.isPending(result.taskId(), HistoryEvent.TaskScheduled.class)) {
            return Admission.accept(switch (result) {
                case ActivityCompleted c -> completion(c, now, limits);
                case ActivityFailed f -> new HistoryEvent.TaskFailed(now, f.taskId(), Payloads.trimmed(f.failure()));
            });
        }
        return pending.isFinished(result.taskId()) ? duplicate(instanceId, result)
                : Admission.ignore(what + " for instance '" + instanceId + "': no such activity task was scheduled");
    }

    /** A second result of a task that already has one: changes nothing. */
    public static Admission duplicate(String instanceId, ActivityResult result) {
        return Admission.ignore("duplicate result of activity task #" + result.taskId() + " ('" + result.name()
                + "') for instance '" + instanceId + "': the task already has a result");
    }
}
