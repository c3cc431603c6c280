package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A record on {@code dtk.commands}, keyed by the instance ID it is addressed to. Outside services
 * produce {@link StartOrchestration}, {@link RaiseEvent}, {@link Terminate}, {@link Suspend},
 * {@link Resume}, {@link Rewind}, {@link Purge} and, keyed by an entity ID ({@code @name@key}),
 * {@link SignalEntity}; the engine itself produces {@link SubOrchestrationCompleted} for parents and
 * {@link CallEntity}, {@link LockEntities}, {@link UnlockEntity} and {@link EntityResponded} between
 * orchestrations and entities.
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
    @JsonSubTypes.Type(value = SignalEntity.class, name = "signal-entity"),
    @JsonSubTypes.Type(value = CallEntity.class, name = "call-entity"),
    @JsonSubTypes.Type(value = LockEntities.class, name = "lock-entities"),
    @JsonSubTypes.Type(value = UnlockEntity.class, name = "unlock-entity"),
    @JsonSubTypes.Type(value = EntityResponded.class, name = "entity-responded"),
})
public sealed interface Command extends WireMessage
        permits StartOrchestration, RaiseEvent, Terminate, Suspend, Resume, SubOrchestrationCompleted, Rewind,
        Purge, SignalEntity, CallEntity, LockEntities, UnlockEntity, EntityResponded {
}
