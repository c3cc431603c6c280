package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code dtk.activity-results}, keyed by instance ID: how task {@code taskId} of
 * execution {@code executionId} ended ({@code rewinds}: the task's, so that a result of the run before
 * a rewind is not taken for the run after it). Workers may deliver a result more than once; the
 * engine applies the first and ignores the rest.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ActivityCompleted.class, name = "completed"),
    @JsonSubTypes.Type(value = ActivityFailed.class, name = "failed"),
})
public sealed interface ActivityResult extends ResultRecord permits ActivityCompleted, ActivityFailed {


    String executionId();

    int taskId();

    String name();

    /** How often a rewind had sent the task again when this run of it ended (0: never rewound). */
    int rewinds();
}
