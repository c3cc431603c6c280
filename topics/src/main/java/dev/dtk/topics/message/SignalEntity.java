package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Run operation {@code operation} with {@code input} on the entity in the record's key
 * ({@code @name@key}), one way: nobody waits for its result. Operations on one entity run one at a
 * time, in the order they arrive.
 *
 * @param scheduledTime optional: run it at this time, not before (a durable timer holds it until then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignalEntity(int v, String operation, JsonNode input, Instant scheduledTime) implements Command {

    public SignalEntity {
        v = WireMessage.versionOrDefault(v);
        EntityCommands.requireOperation(operation, "signal-entity");
    }

    public static SignalEntity of(String operation, JsonNode input) {
        return new SignalEntity(CURRENT_VERSION, operation, input, null);
    }

    /** This signal to run now: its scheduled time has come. */
    public SignalEntity due() {
        return new SignalEntity(v, operation, input, null);
    }
}
