package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest status of an instance, on the compacted {@code dtk.instance-status} topic keyed by
 * instance ID (a tombstone means the instance was purged). The fields follow the Durable
 * Functions status object; {@code output} of a Failed instance is its error message.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record InstanceStatus(
        int v,
        String name,
        String instanceId,
        String executionId,
        RuntimeStatus runtimeStatus,
        JsonNode input,
        JsonNode output,
        JsonNode customStatus,
        Instant createdTime,
        Instant lastUpdatedTime,
        FailureDetails failureDetails)
        implements WireMessage {

    public InstanceStatus {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(runtimeStatus, "runtimeStatus");
    }
}
