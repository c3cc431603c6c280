package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Outbound;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.WireMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the new actions of a run into records to produce, and into the events that follow at
 * once: a timer already due fires, an activity for an unknown queue fails.
 */
final class ActionExecution {

    /** The error type of an activity whose queue is not configured. */
    static final String UNKNOWN_QUEUE_ERROR_TYPE = "ActivityQueueNotConfigured";

    private final ActivityRouting routing;

    ActionExecution(ActivityRouting routing) {
        this.routing = routing;
    }

    /** Sends the records for {@code actions} and returns the events that follow at once, in order. */
    List<HistoryEvent> execute(List<HistoryEvent> actions, String executionId, Instant now, StepOutput out) {
        Set<Integer> cancelled = actions.stream()
                .filter(HistoryEvent.TimerCancelled.class::isInstance)
                .map(e -> ((HistoryEvent.TimerCancelled) e).timerId())
                .collect(Collectors.toSet());
        List<HistoryEvent> immediate = new ArrayList<>();
        String instanceId = out.instanceId();
        for (HistoryEvent action : actions) {
            switch (action) {
                case HistoryEvent.TaskScheduled t when routing.isKnown(t.queue()) -> out.send(
                        new Outbound.ScheduleActivity(t.queue(), new ActivityTask(WireMessage.CURRENT_VERSION,
                                instanceId, executionId, t.taskId(), t.name(), t.input(), now)));
                case HistoryEvent.TaskScheduled t -> immediate.add(new HistoryEvent.TaskFailed(now, t.taskId(),
                        FailureDetails.of(UNKNOWN_QUEUE_ERROR_TYPE, routing.unknownQueueMessage(t.queue()))));
                case HistoryEvent.TimerCreated t when !t.fireAt().isAfter(now) && !cancelled.contains(t.timerId()) ->
                        immediate.add(new HistoryEvent.TimerFired(now, t.timerId(), t.fireAt()));
                case HistoryEvent.SubOrchestrationCreated s -> out.send(new Outbound.SendCommand(s.instanceId(),
                        new StartOrchestration(WireMessage.CURRENT_VERSION, s.name(), s.input(),
                                new ParentInstance(instanceId, executionId, s.taskId()), now)));
                case HistoryEvent.EventSent e -> out.send(new Outbound.SendCommand(e.instanceId(),
                        RaiseEvent.of(e.name(), e.input())));
                default -> {
                    // a pending timer goes to the timer store (see StepOutput); a cancellation needs nothing more
                }
            }
        }
        return immediate;
    }
}
