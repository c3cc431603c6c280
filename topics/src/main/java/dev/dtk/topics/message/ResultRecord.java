package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What one record on {@code dtk.activity-results} holds, keyed by instance ID: one task's result, or
 * the results of several tasks of that instance that ended together (a worker sends those of a
 * fan-out as one record, so that the engine applies them in one step).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ActivityCompleted.class, name = "completed"),
    @JsonSubTypes.Type(value = ActivityFailed.class, name = "failed"),
    @JsonSubTypes.Type(value = ActivityResults.class, name = "results"),
})
public sealed interface ResultRecord extends WireMessage permits ActivityResult, ActivityResults {

    /** The instance every result in the record belongs to. */
    String instanceId();
}
