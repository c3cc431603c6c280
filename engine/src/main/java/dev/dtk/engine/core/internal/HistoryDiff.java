package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.json.DtkJson;
import java.util.List;
import java.util.function.Function;

/**
 * What a step changed in an instance's event lists (history, suspended inbox): how many of the stored
 * events are still there, unchanged, at the start. A step of the same execution appends, so the
 * shell writes only what it added; a new execution, a rewind or a resume rewrites.
 */
final class HistoryDiff {

    private HistoryDiff() {
    }

    /**
     * How many events of {@code before}'s list are the first events of {@code after}'s, the very same
     * objects (the core carries stored events over by reference); 0 for another execution.
     */
    static int unchangedPrefix(InstanceState before, InstanceState after,
            Function<InstanceState, List<HistoryEvent>> list) {
        if (before == null || after == null || !before.executionId().equals(after.executionId())) {
            return 0;
        }
        List<HistoryEvent> old = list.apply(before);
        List<HistoryEvent> now = list.apply(after);
        if (now.size() < old.size()) {
            return 0;
        }
        for (int i = old.size() - 1; i >= 0; i--) {
            if (old.get(i) != now.get(i)) {
                return 0;
            }
        }
        return old.size();
    }

    /** The size of an event as JSON. */
    static long size(HistoryEvent event) {
        return DtkJson.write(event).length;
    }
}
