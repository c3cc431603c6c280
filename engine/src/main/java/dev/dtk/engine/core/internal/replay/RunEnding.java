package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.internal.replay.ReplayContext.ContinueAsNewRequest;
import dev.dtk.engine.core.internal.replay.ReplayOutcome.Kind;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.FailureDetails;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides how a run ended, in this order: a difference from the history fails it as
 * non-deterministic; an exception from the code fails it; then continue-as-new; then waiting
 * (the code was suspended, even if it caught the suspension); else it completed.
 */
record RunEnding(
        ActionLog actions,
        EventInbox inbox,
        EventCursor cursor,
        JsonNode customStatus,
        ContinueAsNewRequest continueAsNew,
        boolean suspended,
        Limits limits) {

    ReplayOutcome outcome(Object returned, Throwable thrown) {
        var nonDeterminism = actions.nonDeterminism();
        if (nonDeterminism.isPresent()) {
            return failed(List.of(), FailureDetails.of(NonDeterminismDetected.ERROR_TYPE, nonDeterminism.get()));
        }
        List<HistoryEvent> newEvents = actions.takeNewEvents();
        String statusTooLarge = Payloads.problem(limits, "the custom status", customStatus);
        if (statusTooLarge != null) {
            return new ReplayOutcome(Kind.FAILED, newEvents, null, null,
                    FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, statusTooLarge), null, null);
        }
        if (suspended && continueAsNew == null) {
            return new ReplayOutcome(Kind.BLOCKED, newEvents, customStatus, null, null, null, null);
        }
        if (thrown != null) {
            return failed(newEvents, Failures.of(thrown));
        }
        if (continueAsNew != null) {
            String inputTooLarge = Payloads.problem(limits, "the input of continueAsNew", continueAsNew.input());
            if (inputTooLarge != null) {
                return failed(newEvents, FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, inputTooLarge));
            }
            return new ReplayOutcome(Kind.CONTINUED_AS_NEW, newEvents, customStatus, null, null,
                    continueAsNew.input(), continueAsNew.preserveUnprocessedEvents() ? unconsumedEvents() : null);
        }
        JsonNode output;
        try {
            output = DtkJson.toTree(returned);
        } catch (IllegalArgumentException e) {
            return failed(newEvents, Failures.of(e));
        }
        String outputTooLarge = Payloads.problem(limits, "the output of the orchestration", output);
        if (outputTooLarge != null) {
            return failed(newEvents, FailureDetails.of(Payloads.TOO_LARGE_ERROR_TYPE, outputTooLarge));
        }
        return new ReplayOutcome(Kind.COMPLETED, newEvents, customStatus, output, null, null, null);
    }

    private ReplayOutcome failed(List<HistoryEvent> newEvents, FailureDetails failure) {
        return new ReplayOutcome(Kind.FAILED, newEvents, customStatus, null, failure, null, null);
    }

    /** External events nobody took: those kept by the inbox, then those the run never reached. */
    private List<HistoryEvent.EventRaised> unconsumedEvents() {
        List<HistoryEvent.EventRaised> events = new ArrayList<>(inbox.unconsumed());
        cursor.remaining().stream()
                .filter(HistoryEvent.EventRaised.class::isInstance)
                .map(HistoryEvent.EventRaised.class::cast)
                .forEach(events::add);
        return events;
    }
}
