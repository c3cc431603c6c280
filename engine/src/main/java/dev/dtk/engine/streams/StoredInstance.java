package dev.dtk.engine.streams;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.List;

/**
 * The hot part of an instance as the {@code instances} store keeps it: everything but its event lists,
 * which live in the {@code history} store, one record per event; this record says how many there are.
 * It holds at most three payloads (input, output, custom status), so it always fits in one record.
 * Records written before history was kept apart carry the lists inline ({@code history},
 * {@code suspendedInbox}); they are read as they are and moved out on the next write.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredInstance(
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
        int historySize,
        int inboxSize,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HistoryEvent> history,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<HistoryEvent> suspendedInbox) {

    static StoredInstance of(InstanceState state) {
        return new StoredInstance(state.name(), state.executionId(), state.generation(), state.input(),
                state.runtimeStatus(), state.createdTime(), state.lastUpdatedTime(), state.output(),
                state.customStatus(), state.failureDetails(), state.parent(), state.historyBytes(),
                state.history().size(), state.suspendedInbox().size(), null, null);
    }

    /** Whether the event lists are inline (a record of an earlier version). */
    boolean inline() {
        return (history != null && !history.isEmpty()) || (suspendedInbox != null && !suspendedInbox.isEmpty());
    }

    /** How many events of each list the history store holds for this instance. */
    int storedHistory() {
        return inline() ? 0 : historySize;
    }

    int storedInbox() {
        return inline() ? 0 : inboxSize;
    }

    InstanceState state(List<HistoryEvent> events, List<HistoryEvent> inbox) {
        return new InstanceState(name, executionId, generation, input, runtimeStatus, createdTime, lastUpdatedTime,
                output, customStatus, failureDetails, parent, historyBytes, events, inbox);
    }
}
