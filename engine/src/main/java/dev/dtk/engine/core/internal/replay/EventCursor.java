package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.HistoryEvent;
import java.util.List;

/** Walks the events of a run one at a time; the first {@code pastCount} were seen in earlier steps. */
final class EventCursor {

    private final List<HistoryEvent> events;
    private final int pastCount;
    private int next;

    EventCursor(List<HistoryEvent> events, int pastCount) {
        this.events = List.copyOf(events);
        this.pastCount = pastCount;
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
