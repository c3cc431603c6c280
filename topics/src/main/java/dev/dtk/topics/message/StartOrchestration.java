package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Start orchestration {@code name} with {@code input} under the record's key as instance ID.
 *
 * @param parent set only for a sub-orchestration: who waits for the result
 * @param requestedAt when the start was requested (set by the gateway; optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StartOrchestration(int v, String name, JsonNode input, ParentInstance parent, Instant requestedAt)
        implements Command {

    public StartOrchestration {
        v = WireMessage.versionOrDefault(v);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a start command needs the orchestrator's \"name\"");
        }
    }

    public static StartOrchestration of(String name, JsonNode input) {
        return new StartOrchestration(CURRENT_VERSION, name, input, null, null);
    }
}
