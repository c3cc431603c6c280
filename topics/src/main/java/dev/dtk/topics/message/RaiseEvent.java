package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** Deliver external event {@code name} with data {@code input} to the instance in the record's key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RaiseEvent(int v, String name, JsonNode input) implements Command {

    public RaiseEvent {
        v = WireMessage.versionOrDefault(v);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a raise-event command needs the event's \"name\"");
        }
    }

    public static RaiseEvent of(String name, JsonNode input) {
        return new RaiseEvent(CURRENT_VERSION, name, input);
    }
}
