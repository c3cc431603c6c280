package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import java.util.List;

/**
 * Walks the events of a run one at a time; the first {@code pastCount} were seen in earlier steps. A
 * live run ({@link LiveRun}) is handed the events of each later step with {@link #append}.
 */
final class EventCursor {

    private final List<HistoryEvent> events;
    private int pastCount;
    private int next;

    EventCursor(List<HistoryEvent> events, int pastCount) {
        this.events = new java.util.ArrayList<>(events);
        this.pastCount = pastCount;
    }

    /** The events of a new step: what came before them counts as seen. */
    void append(List<HistoryEvent> more) {
        pastCount = events.size();
        events.addAll(more);
    }

    boolean hasNext() {
        return next < events.size();
    }

    HistoryEvent next() {
        return events.get(next++);
    }

    /** True until the first event that is new in this step has been taken. */
    boolean isReplaying() {
        return next <= pastCount;
    }

    List<HistoryEvent> all() {
        return events;
    }

    List<HistoryEvent> remaining() {
        return events.subList(next, events.size());
    }
}
