package dev.dtk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.topics.message.InstanceStatus;

/**
 * The Durable Functions status object of an instance. Every field but {@code historyEvents} is
 * always present, {@code null} when it has no value; a Failed instance adds {@code failureDetails}.
 */
public final class StatusJson {

    private StatusJson() {
    }

    public static ObjectNode of(InstanceStatus status, boolean showInput) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode node = json.objectNode();
        node.put("name", status.name());
        node.put("instanceId", status.instanceId());
        node.put("runtimeStatus", status.runtimeStatus().name());
        node.set("input", showInput ? orNull(status.input()) : json.nullNode());
        node.set("customStatus", orNull(status.customStatus()));
        node.set("output", orNull(status.output()));
        node.put("createdTime", Times.format(status.createdTime()));
        node.put("lastUpdatedTime", Times.format(status.lastUpdatedTime()));
        if (status.failureDetails() != null) {
            ObjectNode failure = node.putObject("failureDetails");
            failure.put("errorType", status.failureDetails().errorType());
            failure.put("errorMessage", status.failureDetails().errorMessage());
            failure.put("stackTrace", status.failureDetails().stackTrace());
        }
        return node;
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? JsonNodeFactory.instance.nullNode() : value;
    }
}
