package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * Sent by the engine to a parent instance (the record's key) when one of its sub-orchestrations
 * finished: {@code failure} is set when the child Failed or was Terminated, else {@code output}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubOrchestrationCompleted(
        int v, String executionId, int taskId, String childInstanceId, JsonNode output, FailureDetails failure)
        implements Command {

    public SubOrchestrationCompleted {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(executionId, "executionId");
    }
}
