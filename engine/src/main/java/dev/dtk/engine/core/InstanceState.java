package dev.dtk.engine.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine keeps about one instance (stored as JSON, keyed by instance ID).
 *
 * @param name the orchestrator's name
 * @param executionId the current execution; changes on restart and on continue-as-new
 * @param generation counts executions of this instance (restarts and continue-as-new), for unique IDs
 * @param historyBytes the size of {@code history} as JSON, held to {@code Limits.maxHistoryBytes}
 * @param history the events of the current execution, oldest first
 * @param suspendedInbox events received while Suspended, applied in order on resume
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceState(
        String name,
        String executionId,
        int generation,
        JsonNode input,
        RuntimeStatus runtimeStatus,
        Instant createdTime,
        Instant lastUpdatedTime,
        JsonNode output,
        JsonNode customStatus,
        FailureDetails failureDetails,
        ParentInstance parent,
        long historyBytes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HistoryEvent> history,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HistoryEvent> suspendedInbox) {

    public InstanceState {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(runtimeStatus, "runtimeStatus");
        history = history == null ? List.of() : List.copyOf(history);
        suspendedInbox = suspendedInbox == null ? List.of() : List.copyOf(suspendedInbox);
    }

    @JsonIgnore
    public boolean isTerminal() {
        return runtimeStatus.isTerminal();
    }

    /** This state with {@code bytes} as the size of its history. */
    public InstanceState withHistoryBytes(long bytes) {
        return new InstanceState(name, executionId, generation, input, runtimeStatus, createdTime, lastUpdatedTime,
                output, customStatus, failureDetails, parent, bytes, history, suspendedInbox);
    }

    public InstanceState withHistory(List<HistoryEvent> newHistory) {
        return new InstanceState(name, executionId, generation, input, runtimeStatus, createdTime, lastUpdatedTime,
                output, customStatus, failureDetails, parent, historyBytes, newHistory, suspendedInbox);
    }

    public InstanceState withSuspendedInbox(List<HistoryEvent> inbox) {
        return new InstanceState(name, executionId, generation, input, runtimeStatus, createdTime, lastUpdatedTime,
                output, customStatus, failureDetails, parent, historyBytes, history, inbox);
    }

    public InstanceState withStatus(RuntimeStatus status, Instant at) {
        return new InstanceState(name, executionId, generation, input, status, createdTime, at,
                output, customStatus, failureDetails, parent, historyBytes, history, suspendedInbox);
    }

    public InstanceState withCustomStatus(JsonNode status) {
        return new InstanceState(name, executionId, generation, input, runtimeStatus, createdTime, lastUpdatedTime,
                output, status, failureDetails, parent, historyBytes, history, suspendedInbox);
    }

    /** This instance ended: {@code status} with {@code output} and {@code failure}; nothing buffered remains. */
    public InstanceState finished(RuntimeStatus status, JsonNode result, FailureDetails failure, Instant at) {
        return new InstanceState(name, executionId, generation, input, status, createdTime, at,
                result, customStatus, failure, parent, historyBytes, history, List.of());
    }

    /** A new execution (restart or continue-as-new) with a fresh history. */
    public InstanceState nextExecution(String newExecutionId, JsonNode newInput, List<HistoryEvent> newHistory,
            Instant at) {
        return new InstanceState(name, newExecutionId, generation + 1, newInput, RuntimeStatus.Running, createdTime,
                at, null, null, null, parent, 0, newHistory, List.of());
    }
}
