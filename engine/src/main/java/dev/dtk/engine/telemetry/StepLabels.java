package dev.dtk.engine.telemetry;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.StepResult;
import java.util.Locale;

/** Bounded label values for a step: what came in, and how the step went. */
final class StepLabels {

    private StepLabels() {
    }

    /**
     * {@code activity_result}, {@code activity_results} (several in one record), {@code timer}, or the command's kind in snake case ({@code start_orchestration},
     * {@code raise_event}, {@code terminate}...): one value per class of the sealed hierarchies.
     */
    static String input(Inbound inbound) {
        return switch (inbound) {
            case Inbound.CommandReceived received -> received.command() == null ? "empty_command"
                    : snake(received.command().getClass().getSimpleName());
            case Inbound.ResultReceived received -> "activity_result";
            case Inbound.ResultsReceived received -> "activity_results";
            case Inbound.TimerDue due -> "timer";
        };
    }

    /** {@code applied}, {@code ignored}, {@code refused} (dead-lettered), or {@code error} (no result: it threw). */
    static String outcome(StepResult result) {
        if (result == null) {
            return "error";
        }
        if (result.isRefused()) {
            return "refused";
        }
        return result.changed() ? "applied" : "ignored";
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
