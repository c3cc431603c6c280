package dev.dtk.orchestration;

import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an {@link Orchestrator} can do. Every method is replay-safe: during a replay, tasks that
 * finished earlier return their recorded results, and nothing is scheduled twice.
 */
public interface OrchestrationContext {

    String getInstanceId();

    /** The orchestrator's registered name. */
    String getName();

    /** The input of the orchestration as {@code type}; a conversion failure fails the orchestration. */
    <T> T getInput(Class<T> type);

    <T> Task<T> callActivity(String name, Object input, Class<T> resultType);

    /** {@code options} may be {@code null}. */
    <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType);

    /** A durable timer; {@link Task#cancel()} cancels it while it is pending. */
    Task<Void> createTimer(Duration delay);

    Task<Void> createTimer(Instant fireAt);

    /** Event names are case-insensitive; events that arrived before the wait are handed out in order. */
    <T> Task<T> waitForExternalEvent(String name, Class<T> type);

    /** On timeout, {@link Task#await()} throws {@link TaskCanceledException}. */
    <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type);

    /** Completes with the first of {@code tasks} to finish (successfully or not). */
    Task<Task<?>> anyOf(List<? extends Task<?>> tasks);

    Task<Task<?>> anyOf(Task<?>... tasks);

    /** Completes with all results, in order, or fails with the first failure. */
    <V> Task<List<V>> allOf(List<Task<V>> tasks);

    /** Replay-safe current time: the time of the step being replayed. */
    Instant currentUtcDateTime();

    /** A deterministic, replay-safe UUID. */
    UUID newUuid();

    /** {@code true} while the code re-executes what it did in earlier steps (use it to avoid duplicate logs). */
    boolean isReplaying();

    void setCustomStatus(Object status);

    <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType);

    /**
     * Starts orchestration {@code name} as a child instance and waits for its output. A {@code null}
     * instance ID gives the deterministic default {@code <instanceId>:<generation>:<taskId>}, unique
     * across restarts and continue-as-new generations of this instance.
     */
    <T> Task<T> callSubOrchestrator(String name, String instanceId, Object input, Class<T> resultType);

    <T> Task<T> callSubOrchestrator(
            String name, String instanceId, Object input, TaskOptions options, Class<T> resultType);

    /** Same as {@code continueAsNew(newInput, true)}. */
    void continueAsNew(Object newInput);

    /**
     * Ends this generation and starts the orchestration afresh with {@code newInput}. The
     * orchestrator should return right after; its return value is ignored.
     *
     * @param preserveUnprocessedEvents carry external events that nobody waited for over to the new generation
     */
    void continueAsNew(Object newInput, boolean preserveUnprocessedEvents);

    /** Raises event {@code eventName} with {@code data} on another instance (fire and forget). */
    void sendEvent(String instanceId, String eventName, Object data);

    /**
     * Sends {@code request} from a worker of the {@code http} queue and returns its answer, whatever its
     * status: 4xx and 5xx are results, not failures. A 202 with {@code Location} is followed on durable
     * timers until the operation ends (unless the request disables it); each request is recorded in
     * history, so a replay never sends it again. Network failures, timeouts and refused requests fail
     * the task with a {@link TaskFailedException} whose details name a {@code dev.dtk.http} exception.
     */
    Task<DurableHttpResponse> callHttp(DurableHttpRequest request);

    /** {@code callHttp} of a request without body, headers or token. */
    default Task<DurableHttpResponse> callHttp(HttpMethod method, URI uri) {
        return callHttp(DurableHttpRequest.builder(method, uri).build());
    }

    // ---- entities ----

    /** Runs {@code operation} with {@code input} on {@code entity}, one way (nobody waits for it). */
    void signalEntity(EntityId entity, String operation, Object input);

    /** As {@link #signalEntity(EntityId, String, Object)}, at {@code at} and not before. */
    void signalEntity(EntityId entity, String operation, Object input, Instant at);

    /**
     * Runs {@code operation} with {@code input} on {@code entity} and waits for its result; a failed
     * operation makes {@link Task#await()} throw {@link TaskFailedException} with its details.
     */
    <T> Task<T> callEntity(EntityId entity, String operation, Object input, Class<T> resultType);

    /** As {@link #callEntity(EntityId, String, Object, Class)} without an input and without a result. */
    Task<Void> callEntity(EntityId entity, String operation);

    /**
     * Locks {@code entities} for a critical section: the task completes once all of them are locked for
     * this orchestration (taken in one global order, so two orchestrations locking overlapping sets
     * never wait for each other in a cycle). See {@link EntityLock} for what the section allows.
     */
    Task<EntityLock> lockEntities(EntityId... entities);

    Task<EntityLock> lockEntities(List<EntityId> entities);

    /** Whether the code is inside a critical section (it holds entity locks). */
    boolean isInCriticalSection();
}
