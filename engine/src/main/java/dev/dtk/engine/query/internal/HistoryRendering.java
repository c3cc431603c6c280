package dev.dtk.engine.query.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.topics.message.FailureDetails;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An execution's history as the Durable Functions status route shows it ({@code historyEvents}):
 * PascalCase fields, {@code EventType} first, a scheduled task and its end shown as one entry,
 * step markers left out. Results and inputs appear only with {@code showHistoryOutput}.
 */
public final class HistoryRendering {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private HistoryRendering() {
    }

    public static ArrayNode render(List<HistoryEvent> history, boolean showOutput) {
        Map<Integer, HistoryEvent.TaskScheduled> tasks = new HashMap<>();
        Map<Integer, HistoryEvent.SubOrchestrationCreated> subs = new HashMap<>();
        Map<Integer, Boolean> ended = new HashMap<>();
        for (HistoryEvent event : history) {
            if (event instanceof HistoryEvent.TaskScheduled t) {
                tasks.put(t.taskId(), t);
            } else if (event instanceof HistoryEvent.SubOrchestrationCreated s) {
                subs.put(s.taskId(), s);
            } else if (event instanceof HistoryEvent.Outcome outcome) {
                ended.put(outcome.sequenceNumber(), true);
            }
        }
        ArrayNode out = JSON.arrayNode();
        for (HistoryEvent event : history) {
            ObjectNode entry = entry(event, tasks, subs, ended, showOutput);
            if (entry != null) {
                out.add(entry);
            }
        }
        return out;
    }

    private static ObjectNode entry(HistoryEvent event, Map<Integer, HistoryEvent.TaskScheduled> tasks,
            Map<Integer, HistoryEvent.SubOrchestrationCreated> subs, Map<Integer, Boolean> ended, boolean output) {
        return switch (event) {
            case HistoryEvent.OrchestratorStarted e -> null;
            case HistoryEvent.ExecutionStarted e -> base("ExecutionStarted", e.timestamp())
                    .put("FunctionName", e.name()).set("Input", output ? e.input() : null);
            case HistoryEvent.TaskScheduled e -> ended.containsKey(e.taskId()) ? null
                    : base("TaskScheduled", e.timestamp()).put("FunctionName", e.name());
            case HistoryEvent.TaskCompleted e -> task("TaskCompleted", tasks.get(e.taskId()), e.timestamp())
                    .set("Result", output ? e.result() : null);
            case HistoryEvent.TaskFailed e -> failure(task("TaskFailed", tasks.get(e.taskId()), e.timestamp()),
                    e.failure());
            case HistoryEvent.TaskRewound e -> failure(task("TaskRewound", tasks.get(e.taskId()), e.timestamp()),
                    e.failure());
            case HistoryEvent.TimerCreated e -> base("TimerCreated", e.timestamp()).put("FireAt", e.fireAt().toString());
            case HistoryEvent.TimerFired e -> base("TimerFired", e.timestamp()).put("FireAt", e.fireAt().toString());
            case HistoryEvent.TimerCancelled e -> base("TimerCancelled", e.timestamp());
            case HistoryEvent.EventRaised e -> base("EventRaised", e.timestamp()).put("Name", e.name())
                    .set("Input", output ? e.input() : null);
            case HistoryEvent.EventSent e -> base("EventSent", e.timestamp()).put("Name", e.name())
                    .put("InstanceId", e.instanceId());
            case HistoryEvent.SubOrchestrationCreated e -> ended.containsKey(e.taskId()) ? null
                    : base("SubOrchestrationInstanceCreated", e.timestamp()).put("FunctionName", e.name())
                            .put("InstanceId", e.instanceId());
            case HistoryEvent.SubOrchestrationCompleted e -> sub("SubOrchestrationInstanceCompleted",
                    subs.get(e.taskId()), e.timestamp()).set("Result", output ? e.result() : null);
            case HistoryEvent.SubOrchestrationFailed e -> failure(sub("SubOrchestrationInstanceFailed",
                    subs.get(e.taskId()), e.timestamp()), e.failure());
            case HistoryEvent.ExecutionSuspended e -> base("ExecutionSuspended", e.timestamp()).put("Reason", e.reason());
            case HistoryEvent.ExecutionResumed e -> base("ExecutionResumed", e.timestamp()).put("Reason", e.reason());
            case HistoryEvent.ExecutionTerminated e -> base("ExecutionTerminated", e.timestamp())
                    .put("Reason", e.reason());
            case HistoryEvent.ExecutionRewound e -> base("ExecutionRewound", e.timestamp()).put("Reason", e.reason());
            case HistoryEvent.EntityCalled e -> ended.containsKey(e.taskId()) ? null
                    : entity("EntityOperationCalled", e.entityId(), e.operation(), e.timestamp())
                            .set("Input", output ? e.input() : null);
            case HistoryEvent.EntityCallCompleted e -> base("EntityOperationCompleted", e.timestamp())
                    .set("Result", output ? e.result() : null);
            case HistoryEvent.EntityCallFailed e -> failure(base("EntityOperationFailed", e.timestamp()), e.failure());
            case HistoryEvent.EntitySignaled e -> entity("EntitySignaled", e.entityId(), e.operation(), e.timestamp())
                    .put("ScheduledTime", e.scheduledTime() == null ? null : e.scheduledTime().toString());
            case HistoryEvent.EntityLockRequested e -> ended.containsKey(e.taskId()) ? null
                    : locks("EntityLockRequested", e.lockSet(), e.timestamp());
            case HistoryEvent.EntityLockGranted e -> base("EntityLockGranted", e.timestamp());
            case HistoryEvent.EntityUnlocked e -> locks("EntityUnlocked", e.lockSet(), e.timestamp());
            case HistoryEvent.ExecutionCompleted e -> {
                ObjectNode node = base("ExecutionCompleted", e.timestamp())
                        .put("OrchestrationStatus", e.status().name());
                node.set("Result", output ? e.result() : null);
                yield e.failure() == null ? node : failure(node, e.failure());
            }
        };
    }

    private static ObjectNode base(String type, Instant timestamp) {
        ObjectNode node = JSON.objectNode();
        node.put("EventType", type);
        node.put("Timestamp", timestamp == null ? null : timestamp.toString());
        return node;
    }

    private static ObjectNode entity(String type, String entityId, String operation, Instant timestamp) {
        return base(type, timestamp).put("EntityId", entityId).put("Operation", operation);
    }

    private static ObjectNode locks(String type, java.util.List<String> lockSet, Instant timestamp) {
        ObjectNode node = base(type, timestamp);
        lockSet.forEach(node.putArray("EntityIds")::add);
        return node;
    }

    private static ObjectNode task(String type, HistoryEvent.TaskScheduled scheduled, Instant timestamp) {
        ObjectNode node = base(type, timestamp);
        if (scheduled != null) {
            node.put("FunctionName", scheduled.name());
            node.put("ScheduledTime", scheduled.timestamp().toString());
        }
        return node;
    }

    private static ObjectNode sub(String type, HistoryEvent.SubOrchestrationCreated created, Instant timestamp) {
        ObjectNode node = base(type, timestamp);
        if (created != null) {
            node.put("FunctionName", created.name());
            node.put("InstanceId", created.instanceId());
            node.put("ScheduledTime", created.timestamp().toString());
        }
        return node;
    }

    private static ObjectNode failure(ObjectNode node, FailureDetails failure) {
        node.put("Reason", failure.errorMessage());
        node.put("Details", failure.errorType());
        return node;
    }
}
