package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Outbound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Carries out the new actions of a run: each kind turns its action into records to produce and
 * into events that follow at once (a timer already due fires, an activity for an unknown queue fails).
 *
 * @param cancelled timers the same run cancelled: they do not fire at once
 */
public record Execution(String instanceId, String executionId, Instant now, ActivityRouting routing,
        Set<Integer> cancelled, Consumer<Outbound> out, List<HistoryEvent> immediate) {

    /** Sends the records for {@code actions} and returns the events that follow at once, in order. */
    public static List<HistoryEvent> execute(List<HistoryEvent> actions, String instanceId, String executionId,
            Instant now, ActivityRouting routing, Consumer<Outbound> out) {
        Set<Integer> cancelled = actions.stream()
                .filter(HistoryEvent.TimerCancelled.class::isInstance)
                .map(e -> ((HistoryEvent.TimerCancelled) e).timerId())
                .collect(Collectors.toSet());
        Execution execution = new Execution(instanceId, executionId, now, routing, cancelled, out, new ArrayList<>());
        for (HistoryEvent event : actions) {
            if (event instanceof HistoryEvent.Action action) {
                Kinds.execute(action, execution);
            }
        }
        return execution.immediate();
    }

    void send(Outbound record) {
        out.accept(record);
    }

    void followAtOnce(HistoryEvent event) {
        immediate.add(event);
    }
}
