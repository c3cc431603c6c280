package dev.dtk.entity;

import java.time.Instant;

/**
 * One operation on an entity, as its code sees it: which operation, its input, the entity's state,
 * and what the operation may do besides changing the state. Everything it does (state, signals,
 * starts, the result) takes effect only when it returns; when it throws, the state stays as it was,
 * nothing is sent, and a caller receives the failure.
 */
public interface EntityOperation {

    /** The operation's name, as the caller wrote it. */
    String name();

    EntityId entityId();

    boolean hasInput();

    /** The input as {@code type}; null when there is none. */
    <T> T getInput(Class<T> type);

    /** Whether the entity has state (an entity exists while it has). */
    boolean hasState();

    /** The state as {@code type}; null when there is none. */
    <T> T getState(Class<T> type);

    /** The state as {@code type}, or {@code initial} when there is none. */
    <T> T getState(Class<T> type, T initial);

    /** Replaces the state ({@code null} deletes it, as {@link #deleteState()} does). */
    void setState(Object state);

    /** Deletes the state: the entity no longer exists once this operation ends. */
    void deleteState();

    /** What a caller ({@code callEntity}) receives; signals ignore it. */
    void result(Object value);

    /** Signals another entity (or this one) once this operation has ended. */
    void signalEntity(EntityId entity, String operation, Object input);

    /** Signals an entity at {@code at}, not before (a durable timer holds the signal until then). */
    void signalEntity(EntityId entity, String operation, Object input, Instant at);

    /** Starts orchestration {@code name} once this operation has ended; returns its (new, unique) instance ID. */
    String startNewOrchestration(String name, Object input);

    /** Starts orchestration {@code name} as instance {@code instanceId} once this operation has ended. */
    String startNewOrchestration(String name, Object input, String instanceId);
}
