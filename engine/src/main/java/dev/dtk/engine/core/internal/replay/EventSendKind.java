package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.Outbound;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.RaiseEvent;

/**
 * An event sent to another instance ({@code sendEvent}): recorded as {@link HistoryEvent.EventSent}
 * and produced as a {@link RaiseEvent} to {@code dtk.commands}; fire and forget, no outcome.
 */
final class EventSendKind {

    private EventSendKind() {
    }

    static void send(ReplayContext ctx, String targetInstanceId, String eventName, Object data) {
        ReplayContext.requireName(targetInstanceId, "the target instance of sendEvent");
        ReplayContext.requireName(eventName, "the event of sendEvent");
        JsonNode json = DtkJson.toTree(data);
        int id = ctx.actions().nextId();
        ctx.actions().schedule(new HistoryEvent.EventSent(ctx.currentUtcDateTime(), id, targetInstanceId, eventName,
                json));
    }

    static String describe(HistoryEvent.EventSent sent) {
        return "sendEvent('" + sent.instanceId() + "', '" + sent.name() + "')";
    }

    static void execute(HistoryEvent.EventSent sent, Execution execution) {
        execution.send(new Outbound.SendCommand(sent.instanceId(), RaiseEvent.of(sent.name(), sent.input())));
    }
}
