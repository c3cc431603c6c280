package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code dtk.commands}, keyed by the instance ID it is addressed to. Outside services
 * produce {@link StartOrchestration}, {@link RaiseEvent}, {@link Terminate}, {@link Suspend},
 * {@link Resume}, {@link Rewind} and {@link Purge}; the engine itself produces
 * {@link SubOrchestrationCompleted} for parents.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StartOrchestration.class, name = "start"),
    @JsonSubTypes.Type(value = RaiseEvent.class, name = "raise-event"),
    @JsonSubTypes.Type(value = Terminate.class, name = "terminate"),
    @JsonSubTypes.Type(value = Suspend.class, name = "suspend"),
    @JsonSubTypes.Type(value = Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = SubOrchestrationCompleted.class, name = "sub-orchestration-completed"),
    @JsonSubTypes.Type(value = Rewind.class, name = "rewind"),
    @JsonSubTypes.Type(value = Purge.class, name = "purge"),
})
public sealed interface Command extends WireMessage
        permits StartOrchestration, RaiseEvent, Terminate, Suspend, Resume, SubOrchestrationCompleted, Rewind,
        Purge {
}
