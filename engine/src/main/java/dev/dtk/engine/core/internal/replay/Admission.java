package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.StepResult;

/** An input checked against the instance: either the event it becomes, or why it changes nothing. */
public record Admission(HistoryEvent event, StepResult rejection) {

    static Admission accept(HistoryEvent event) {
        return new Admission(event, null);
    }

    static Admission ignore(String note) {
        return new Admission(null, StepResult.ignored(note));
    }

    /** Changes nothing in the instance, but sends {@code outbound} (answers owed to others). */
    static Admission ignoreAndSend(String note, java.util.List<dev.dtk.engine.core.Outbound> outbound) {
        return new Admission(null, StepResult.ignoredSending(note, outbound));
    }

    static Admission refuse(String reason) {
        return new Admission(null, StepResult.refused(reason));
    }

    public boolean accepted() {
        return event != null;
    }
}
