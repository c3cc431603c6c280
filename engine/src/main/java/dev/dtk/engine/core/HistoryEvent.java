package dev.dtk.engine.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;

/**
 * One entry in the history of an execution, as the replay reads it and as the gateway shows it.
 * Scheduled actions ({@link TaskScheduled}, {@link TimerCreated}, {@link SubOrchestrationCreated},
 * {@link EventSent}) carry the sequence number the orchestrator code gave them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = HistoryEvent.OrchestratorStarted.class, name = "OrchestratorStarted"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionStarted.class, name = "ExecutionStarted"),
    @JsonSubTypes.Type(value = HistoryEvent.TaskScheduled.class, name = "TaskScheduled"),
    @JsonSubTypes.Type(value = HistoryEvent.TaskCompleted.class, name = "TaskCompleted"),
    @JsonSubTypes.Type(value = HistoryEvent.TaskFailed.class, name = "TaskFailed"),
    @JsonSubTypes.Type(value = HistoryEvent.TimerCreated.class, name = "TimerCreated"),
    @JsonSubTypes.Type(value = HistoryEvent.TimerFired.class, name = "TimerFired"),
    @JsonSubTypes.Type(value = HistoryEvent.TimerCancelled.class, name = "TimerCancelled"),
    @JsonSubTypes.Type(value = HistoryEvent.EventRaised.class, name = "EventRaised"),
    @JsonSubTypes.Type(value = HistoryEvent.EventSent.class, name = "EventSent"),
    @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationCreated.class, name = "SubOrchestrationCreated"),
    @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationCompleted.class, name = "SubOrchestrationCompleted"),
    @JsonSubTypes.Type(value = HistoryEvent.SubOrchestrationFailed.class, name = "SubOrchestrationFailed"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionSuspended.class, name = "ExecutionSuspended"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionResumed.class, name = "ExecutionResumed"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionTerminated.class, name = "ExecutionTerminated"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionCompleted.class, name = "ExecutionCompleted"),
    @JsonSubTypes.Type(value = HistoryEvent.TaskRewound.class, name = "TaskRewound"),
    @JsonSubTypes.Type(value = HistoryEvent.ExecutionRewound.class, name = "ExecutionRewound"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityCalled.class, name = "EntityCalled"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityCallCompleted.class, name = "EntityCallCompleted"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityCallFailed.class, name = "EntityCallFailed"),
    @JsonSubTypes.Type(value = HistoryEvent.EntitySignaled.class, name = "EntitySignaled"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityLockRequested.class, name = "EntityLockRequested"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityLockGranted.class, name = "EntityLockGranted"),
    @JsonSubTypes.Type(value = HistoryEvent.EntityUnlocked.class, name = "EntityUnlocked"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface HistoryEvent {

    /** When the event was recorded (the time of the step that recorded it). */
    Instant timestamp();

    /**
     * Something the orchestrator code did, recorded under the sequence number the code gave it: replay
     * checks the code against these. Each kind of task owns its action (see the replay core's kinds).
     */
    sealed interface Action extends HistoryEvent
            permits TaskScheduled, TimerCreated, SubOrchestrationCreated, EventSent, EntityCalled, EntitySignaled,
            EntityLockRequested, EntityUnlocked {
        int sequenceNumber();
    }

    /** How the action under the same sequence number ended. */
    sealed interface Outcome extends HistoryEvent
            permits TaskCompleted, TaskFailed, TimerFired, SubOrchestrationCompleted, SubOrchestrationFailed,
            EntityCallCompleted, EntityCallFailed, EntityLockGranted {
        int sequenceNumber();
    }

    /**
     * What happens to the execution as a whole (a step begins, it starts, is suspended, resumed, ended or
     * rewound): no task's action or outcome, so the switches over kinds of task pass these by as one.
     */
    sealed interface ExecutionEvent extends HistoryEvent
            permits OrchestratorStarted, ExecutionStarted, ExecutionSuspended, ExecutionResumed, ExecutionTerminated,
            ExecutionCompleted, TaskRewound, ExecutionRewound {
    }

    /** A step begins; {@code currentUtcDateTime()} is this timestamp while the step is replayed. */
    record OrchestratorStarted(Instant timestamp) implements ExecutionEvent {
    }

    /** The execution (a run or a continue-as-new generation) begins with {@code input}. */
    record ExecutionStarted(Instant timestamp, String name, String executionId, JsonNode input, ParentInstance parent)
            implements ExecutionEvent {
    }

    record TaskScheduled(Instant timestamp, int taskId, String name, JsonNode input, String queue)
            implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record TaskCompleted(Instant timestamp, int taskId, JsonNode result) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record TaskFailed(Instant timestamp, int taskId, FailureDetails failure) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record TimerCreated(Instant timestamp, int timerId, Instant fireAt) implements Action {

        @Override
        public int sequenceNumber() {
            return timerId;
        }
    }

    record TimerFired(Instant timestamp, int timerId, Instant fireAt) implements Outcome {

        @Override
        public int sequenceNumber() {
            return timerId;
        }
    }

    /** The code cancelled a pending timer (or it was an event timeout no longer needed). */
    record TimerCancelled(Instant timestamp, int timerId) implements HistoryEvent {
    }

    /** External event {@code name} arrived. */
    record EventRaised(Instant timestamp, String name, JsonNode input) implements HistoryEvent {
    }

    /** The code sent event {@code name} to instance {@code instanceId}. */
    record EventSent(Instant timestamp, int taskId, String instanceId, String name, JsonNode input)
            implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record SubOrchestrationCreated(Instant timestamp, int taskId, String name, String instanceId, JsonNode input)
            implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record SubOrchestrationCompleted(Instant timestamp, int taskId, JsonNode result) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record SubOrchestrationFailed(Instant timestamp, int taskId, FailureDetails failure) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record ExecutionSuspended(Instant timestamp, String reason) implements ExecutionEvent {
    }

    record ExecutionResumed(Instant timestamp, String reason) implements ExecutionEvent {
    }

    record ExecutionTerminated(Instant timestamp, String reason) implements ExecutionEvent {
    }

    /** The execution ended Completed or Failed. */
    record ExecutionCompleted(Instant timestamp, RuntimeStatus status, JsonNode result, FailureDetails failure)
            implements ExecutionEvent {
    }

    /**
     * A {@link TaskFailed} that a rewind took back: it keeps the failure for the record, but replay
     * ignores it, so the task is pending again and its activity runs once more.
     */
    record TaskRewound(Instant timestamp, int taskId, FailureDetails failure) implements ExecutionEvent {
    }

    /**
     * A Failed execution was rewound: {@code failure} is how it had failed (its {@code ExecutionCompleted}
     * is replaced by this event); the failed tasks are marked {@link TaskRewound}.
     */
    record ExecutionRewound(Instant timestamp, String reason, FailureDetails failure) implements ExecutionEvent {
    }

    /** The code called operation {@code operation} of entity {@code entityId} ({@code @name@key}). */
    record EntityCalled(Instant timestamp, int taskId, String entityId, String operation, JsonNode input)
            implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record EntityCallCompleted(Instant timestamp, int taskId, JsonNode result) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    record EntityCallFailed(Instant timestamp, int taskId, FailureDetails failure) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    /** The code signalled entity {@code entityId} (at {@code scheduledTime}, when set); no outcome. */
    record EntitySignaled(Instant timestamp, int taskId, String entityId, String operation, JsonNode input,
            Instant scheduledTime) implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    /** The code asked to lock the entities of {@code lockSet} (sorted) for a critical section. */
    record EntityLockRequested(Instant timestamp, int taskId, java.util.List<String> lockSet) implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    /** Every entity of the lock set of request {@code taskId} is locked for this execution. */
    record EntityLockGranted(Instant timestamp, int taskId) implements Outcome {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }

    /** The code ended the critical section of lock request {@code lockTaskId}: its entities are released. */
    record EntityUnlocked(Instant timestamp, int taskId, int lockTaskId, java.util.List<String> lockSet)
            implements Action {

        @Override
        public int sequenceNumber() {
            return taskId;
        }
    }
}
