package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.topics.message.FailureDetails;
import java.util.List;

/**
 * How a run of the orchestrator code ended.
 *
 * @param newEvents actions and cancellations new in this run, to record and execute
 * @param output the orchestrator's return value (COMPLETED)
 * @param failure why it failed (FAILED)
 * @param nextInput the input of the next generation (CONTINUED_AS_NEW)
 * @param carryOver unconsumed external events for the next generation (CONTINUED_AS_NEW)
 */
public record ReplayOutcome(
        Kind kind,
        List<HistoryEvent> newEvents,
        JsonNode customStatus,
        JsonNode output,
        FailureDetails failure,
        JsonNode nextInput,
        List<HistoryEvent.EventRaised> carryOver) {

    public enum Kind {
        /** Waiting for a task that is not finished. */
        BLOCKED,
        COMPLETED,
        FAILED,
        CONTINUED_AS_NEW
    }

    public ReplayOutcome {
        newEvents = List.copyOf(newEvents);
        carryOver = carryOver == null ? List.of() : List.copyOf(carryOver);
    }

    public boolean isNonDeterministic() {
        return kind == Kind.FAILED && failure != null && NonDeterminismDetected.ERROR_TYPE.equals(failure.errorType());
    }
}
