package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.json.DtkJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The {@link OrchestrationContext} of one run of the orchestrator code over the events of an
 * execution. Tasks are created here; events are taken from the history one at a time, only when
 * the code waits for a task that is not finished.
 */
final class ReplayContext implements OrchestrationContext {

    private final String instanceId;
    private final int generation;
    private final StepRules rules;
    private final EventCursor cursor;
    private final ActionLog actions;
    private final EventInbox inbox = new EventInbox();
    private final Map<Integer, ReplayTask<?>> openTasks = new HashMap<>();
    private HistoryEvent.ExecutionStarted execution;
    private Instant currentTime;
    private long completions;
    private int uuids;
    private JsonNode customStatus;
    private ContinueAsNewRequest continueAsNew;
    private boolean suspended;
    private EntityLockKind.Section section;
    private LiveRun live;

    record ContinueAsNewRequest(JsonNode input, boolean preserveUnprocessedEvents) {
    }

    ReplayContext(String instanceId, int generation, StepRules rules, List<HistoryEvent> events, int pastCount) {
        this.instanceId = instanceId;
        this.generation = generation;
        this.rules = rules;
        this.cursor = new EventCursor(events, pastCount);
        this.actions = new ActionLog(events, rules.limits());
    }

    /** Takes events up to and including {@code ExecutionStarted}: the code can run now. */
    void startExecution() {
        while (execution == null && cursor.hasNext()) {
            HistoryEvent event = cursor.next();
            if (event instanceof HistoryEvent.ExecutionStarted started) {
                execution = started;
            } else {
                Kinds.apply(this, event);
            }
        }
        if (execution == null || currentTime == null) {
            throw new IllegalStateException("the history of instance '" + instanceId
                    + "' does not start with OrchestratorStarted and ExecutionStarted");
        }
    }

    // ---- used by tasks and the dispatcher ----

    void processNextEventOrSuspend() {
        if (!cursor.hasNext()) {
            suspended = true;
            if (live == null) {
                throw new OrchestrationSuspended();
            }
            live.pause();
            suspended = false;
            if (!cursor.hasNext()) {
                return;
            }
        }
        Kinds.apply(this, cursor.next());
    }

    /** Makes this a live run's context: the code waits in place for the next step's events. */
    void liveIn(LiveRun run) {
        this.live = run;
    }

    /** Hands the code the events of a new step (a live run). */
    void append(List<HistoryEvent> events) {
        cursor.append(events);
    }

    /** Whether the code is being unwound because it waits for something this step does not have. */
    boolean isSuspending() {
        return suspended;
    }

    void stepStarted(Instant timestamp) {
        currentTime = timestamp;
    }

    long nextCompletionOrder() {
        return completions++;
    }

    ReplayTask<?> openTask(int id) {
        return openTasks.get(id);
    }

    EventInbox inbox() {
        return inbox;
    }

    ActionLog actions() {
        return actions;
    }

    ActivityRouting routing() {
        return rules.routing();
    }

    int generation() {
        return generation;
    }

    /** The critical section the code last asked for (held, requested or released), or null. */
    EntityLockKind.Section section() {
        return section;
    }

    void enter(EntityLockKind.Section requested) {
        section = requested;
    }

    TimerKind.Timer newTimer(Instant fireAt) {
        return TimerKind.create(this, fireAt);
    }

    // ---- the orchestration API ----

    @Override
    public String getInstanceId() {
        return instanceId;
    }

    @Override
    public String getName() {
        return execution.name();
    }

    @Override
    public <T> T getInput(Class<T> type) {
        return JsonValues.convert(execution.input(), type, "cannot use the orchestration's input");
    }

    @Override
    public <T> Task<T> callActivity(String name, Object input, Class<T> resultType) {
        return callActivity(name, input, null, resultType);
    }

    @Override
    public <T> Task<T> callActivity(String name, Object input, TaskOptions options, Class<T> resultType) {
        return ActivityKind.call(this, name, input, options, resultType);
    }

    @Override
    public Task<Void> createTimer(Duration delay) {
        return newTimer(currentTime.plus(Objects.requireNonNull(delay, "delay")));
    }

    @Override
    public Task<Void> createTimer(Instant fireAt) {
        return newTimer(Objects.requireNonNull(fireAt, "fireAt"));
    }

    @Override
    public <T> Task<T> waitForExternalEvent(String name, Class<T> type) {
        return ExternalEventKind.await(this, name, type);
    }

    @Override
    public <T> Task<T> waitForExternalEvent(String name, Duration timeout, Class<T> type) {
        return ExternalEventKind.await(this, name, timeout, type);
    }

    @Override
    public Task<Task<?>> anyOf(List<? extends Task<?>> tasks) {
        List<ReplayTask<?>> own = new ArrayList<>();
        tasks.forEach(task -> own.add(own(task)));
        return new AnyOfTask(this, own);
    }

    @Override
    public Task<Task<?>> anyOf(Task<?>... tasks) {
        return anyOf(Arrays.asList(tasks));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Task<List<V>> allOf(List<Task<V>> tasks) {
        List<ReplayTask<V>> own = new ArrayList<>();
        tasks.forEach(task -> own.add((ReplayTask<V>) own(task)));
        return new AllOfTask<>(this, own);
    }

    @Override
    public Instant currentUtcDateTime() {
        return currentTime;
    }

    @Override
    public UUID newUuid() {
        String name = instanceId + "\n" + execution.executionId() + "\n" + uuids++;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean isReplaying() {
        return cursor.isReplaying();
    }

    @Override
    public void setCustomStatus(Object status) {
        customStatus = DtkJson.toTree(status);
    }

    @Override
    public <T> Task<T> callSubOrchestrator(String name, Object input, Class<T> resultType) {
        return callSubOrchestrator(name, null, input, null, resultType);
    }

    @Override
    public <T> Task<T> callSubOrchestrator(String name, String instanceId, Object input, Class<T> resultType) {
        return callSubOrchestrator(name, instanceId, input, null, resultType);
    }

    @Override
    public <T> Task<T> callSubOrchestrator(
            String name, String childInstanceId, Object input, TaskOptions options, Class<T> resultType) {
        EntityLockKind.requireOutside(this, "callSubOrchestrator");
        return SubOrchestrationKind.call(this, name, childInstanceId, input, options, resultType);
    }

    @Override
    public void continueAsNew(Object newInput) {
        continueAsNew(newInput, true);
    }

    @Override
    public void continueAsNew(Object newInput, boolean preserveUnprocessedEvents) {
        continueAsNew = new ContinueAsNewRequest(DtkJson.toTree(newInput), preserveUnprocessedEvents);
    }

    @Override
    public void sendEvent(String targetInstanceId, String eventName, Object data) {
        EventSendKind.send(this, targetInstanceId, eventName, data);
    }

    @Override
    public Task<DurableHttpResponse> callHttp(DurableHttpRequest request) {
        return HttpKind.call(this, request);
    }

    @Override
    public void signalEntity(EntityId entity, String operation, Object input) {
        EntitySignalKind.signal(this, entity, operation, input, null);
    }

    @Override
    public void signalEntity(EntityId entity, String operation, Object input, Instant at) {
        EntitySignalKind.signal(this, entity, operation, input, Objects.requireNonNull(at, "at"));
    }

    @Override
    public <T> Task<T> callEntity(EntityId entity, String operation, Object input, Class<T> resultType) {
        return EntityCallKind.call(this, entity, operation, input, resultType);
    }

    @Override
    public Task<Void> callEntity(EntityId entity, String operation) {
        return EntityCallKind.call(this, entity, operation, null, Void.class);
    }

    @Override
    public Task<EntityLock> lockEntities(EntityId... entities) {
        return lockEntities(Arrays.asList(entities));
    }

    @Override
    public Task<EntityLock> lockEntities(List<EntityId> entities) {
        return EntityLockKind.lock(this, entities);
    }

    @Override
    public boolean isInCriticalSection() {
        return section != null && section.isHeld();
    }

    // ---- the end of the run ----

    ReplayOutcome outcome(Object returned, Throwable thrown) {
        return new RunEnding(actions, inbox, cursor, customStatus, continueAsNew, suspended, rules.limits())
                .outcome(returned, thrown);
    }

    <T> ReplayTask<T> withRetries(TaskOptions options, Supplier<ReplayTask<T>> attempt) {
        if (options != null && options.getRetryPolicy().isPresent()) {
            return new RetriableTask<>(this, options.getRetryPolicy().get(), attempt);
        }
        return attempt.get();
    }

    <T extends ReplayTask<?>> T register(int id, T task) {
        openTasks.put(id, task);
        return task;
    }

    private ReplayTask<?> own(Task<?> task) {
        if (task instanceof ReplayTask<?> replayTask && replayTask.ctx == this) {
            return replayTask;
        }
        throw new IllegalArgumentException("anyOf and allOf take only tasks created by this orchestration, got "
                + task);
    }

    static void requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the name of " + what + " must not be blank");
        }
    }
}
