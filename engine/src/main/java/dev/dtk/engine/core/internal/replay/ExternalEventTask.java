package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;

/** A wait for external event {@code eventName} (case-insensitive). */
final class ExternalEventTask<V> extends ReplayTask<V> {

    final String eventName;
    private final Class<V> type;

    ExternalEventTask(ReplayContext ctx, String eventName, Class<V> type) {
        super(ctx);
        this.eventName = eventName;
        this.type = type;
    }

    boolean waitsFor(String name) {
        return eventName.equalsIgnoreCase(name);
    }

    void deliver(JsonNode data) {
        completeWithJson(data, type, "cannot use the data of external event '" + eventName + "'");
    }

    @Override
    public String toString() {
        return "external event '" + eventName + "'";
    }
}
