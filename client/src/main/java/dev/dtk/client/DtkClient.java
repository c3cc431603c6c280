package dev.dtk.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dtk.client.internal.CommandSender;
import dev.dtk.client.internal.EngineClient;
import dev.dtk.client.internal.EngineProgress;
import dev.dtk.client.internal.KafkaHealth;
import dev.dtk.client.internal.StatusFeed;
import dev.dtk.client.internal.StatusStore;
import dev.dtk.client.internal.StatusView;
import dev.dtk.entity.EntityId;
import dev.dtk.topics.Hub;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.Purge;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import dev.dtk.topics.message.WireMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java client of dtk, for any service (and behind the gateway, the CLI and the tests): starts
 * orchestrations and sends them commands through {@code <hub>.commands}, reads their statuses from a
 * view of {@code <hub>.instance-status} it keeps on disk, asks the engines for history, and builds
 * the check-status HTTP answers of Durable Functions' client binding for a service's own handlers.
 * A client works on one task hub ({@link Builder#hub}, default {@code dtk}) and never sees another's.
 *
 * <pre>{@code
 * try (DtkClient client = DtkClient.builder().kafka(KafkaSettings.of("localhost:9092")).build()) {
 *     String id = client.startNew("HelloSequence", null, null).join();
 *     InstanceStatus done = client.waitForCompletion(id, Duration.ofSeconds(30)).join();
 * }
 * }</pre>
 *
 * Every method returns at once with a {@link CompletableFuture}; {@code join()} it to wait. A
 * command completes once Kafka acknowledged it (acks=all): from then on it is durable. Futures fail
 * with a {@link DtkClientException} subclass that says what was wrong: {@link InstanceNotFoundException},
 * {@link InstanceFinishedException}, {@link InstanceStateConflictException},
 * {@link UnknownOrchestratorException}, {@link DtkUnavailableException}; bad arguments throw
 * {@link IllegalArgumentException} at once.
 */
public final class DtkClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtkClient.class);
    private static final int THREADS = 16;

    private final Builder settings;
    private volatile Views views;
    private final CommandSender sender;
    private final EngineClient engines;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final Duration settleTimeout;
    private final URI gatewayUrl;

    private DtkClient(Builder b) {
        this.settleTimeout = b.catchUpTimeout;
        this.gatewayUrl = b.gatewayUrl;
        this.executor = Executors.newFixedThreadPool(THREADS, daemon("dtk-client-"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("dtk-client-timer-"));
        this.settings = b;
        this.sender = new CommandSender(b.kafka.clientProperties(), b.hub, executor);
        this.engines = new EngineClient(b.engineUrls, b.engineQuerySecret, b.namesCacheTtl);
        if (b.meters != null) {
            sender.meter(b.meters);
        }
        sender.warmUp();
        if (b.eagerView) {
            view();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The task hub this client works on. */
    public Hub hub() {
        return settings.hub;
    }

    // ---- starting ----

    /**
     * Starts orchestrator {@code name} with {@code input} (any value Jackson can write, or a
     * {@link JsonNode}) as instance {@code instanceId}, or under a random ID when it is null.
     * Completes with the instance ID once the start is durable. An ID whose instance is still live
     * is refused ({@link InstanceStateConflictException}); a finished one starts afresh. The start
     * carries the caller's current OpenTelemetry context as its {@code traceparent}: the orchestration
     * joins the caller's trace.
     */
    public CompletableFuture<String> startNew(String name, String instanceId, Object input) {
        Context trace = Context.current();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the orchestrator name must not be blank");
        }
        String id = instanceId == null ? InstanceIds.random() : InstanceIds.validate(instanceId);
        JsonNode json = DtkJson.toTree(input);
        return whileReachable(() -> checkName(name))
                .thenCompose(ok -> instanceId == null ? CompletableFuture.completedFuture(null) : refuseLive(id))
                .thenCompose(ok -> send(name, id, json, trace));
    }

    /**
     * Starts the orchestrator of instance {@code instanceId} again with the same input: as a new
     * instance with a random ID, or afresh under the same ID (refused while it is live).
     */
    public CompletableFuture<String> restart(String instanceId, boolean newInstanceId) {
        String id = InstanceIds.validate(instanceId);
        Context trace = Context.current();
        return existing(id).thenCompose(status -> {
            String target = newInstanceId ? InstanceIds.random() : id;
            CompletableFuture<Void> check = newInstanceId ? CompletableFuture.completedFuture(null) : refuseLive(id);
            return check.thenCompose(ok -> send(status.name(), target, status.input(), trace));
        });
    }

    /**
     * Sends the start; once Kafka acknowledged it, readers of this client see the instance Pending
     * until the engine's first status arrives (the engine is the only writer of statuses).
     */
    private CompletableFuture<String> send(String name, String id, JsonNode input, Context trace) {
        requireKafka();
        Instant now = Instant.now();
        InstanceStatus pending = new InstanceStatus(WireMessage.CURRENT_VERSION, name, id, null,
                RuntimeStatus.Pending, input, null, null, now, now, null);
        StartOrchestration start = new StartOrchestration(WireMessage.CURRENT_VERSION, name, input, null, now);
        Optional<InstanceStatus> previous = view().viewed(id);
        return sender.command(id, start, trace).thenApply(ack -> {
            view().accepted(pending, previous);
            return id;
        });
    }

    /** Fails at once while the status feed finds Kafka unreachable, instead of waiting for timeouts. */
    private void requireKafka() {
        Views current = views;
        if (current != null && !current.health().reachable()) {
            throw new DtkUnavailableException(current.health().problem());
        }
    }

    /** Whether this client reaches Kafka and its status view is ready, and why not. */
    public ClientHealth health() {
        Views current = views;
        if (current == null) {
            return new ClientHealth(true, null, false);
        }
        return new ClientHealth(current.health().reachable(), current.health().problem(),
                current.feed().caughtUpOnce());
    }

    private CompletableFuture<Void> refuseLive(String id) {
        return whileReachable(() -> view().fresh(id)).thenAccept(status -> status.ifPresent(s -> {
            if (!s.runtimeStatus().isTerminal()) {
                throw new InstanceStateConflictException("An instance with ID '" + id + "' already exists and is "
                        + s.runtimeStatus() + "; terminate it first, wait until it finishes, or use another"
                        + " instance ID.");
            }
        }));
    }

    private CompletableFuture<Void> checkName(String name) {
        return engines.orchestratorNames(false)
                .thenCompose(names -> names.isEmpty() || names.get().contains(name)
                        ? CompletableFuture.completedFuture(Optional.<Set<String>>empty())
                        : engines.orchestratorNames(true))
                .thenAccept(fresh -> fresh.ifPresent(names -> {
                    if (!names.contains(name)) {
                        throw new UnknownOrchestratorException(name, names);
                    }
                }));
    }

    // ---- commands to running instances ----

    /** Raises event {@code eventName} with {@code data} on a live instance (kept until it waits for it). */
    public CompletableFuture<Void> raiseEvent(String instanceId, String eventName, Object data) {
        String id = InstanceIds.validate(instanceId);
        if (eventName == null || eventName.isBlank()) {
            throw new IllegalArgumentException("The event name must not be empty.");
        }
        JsonNode json = DtkJson.toTree(data);
        return existing(id).thenCompose(status -> {
            if (status.runtimeStatus().isTerminal()) {
                throw new InstanceFinishedException("The instance '" + id + "' is " + status.runtimeStatus()
                        + "; it takes no more events.");
            }
            return command(id, RaiseEvent.of(eventName, json));
        });
    }

    /** Terminates a live instance; {@code reason} (may be null) becomes its output. */
    public CompletableFuture<Void> terminate(String instanceId, String reason) {
        return control(instanceId, "terminate", status -> Terminate.because(reason));
    }

    /** Suspends a live instance: what arrives meanwhile waits until {@link #resume}. */
    public CompletableFuture<Void> suspend(String instanceId, String reason) {
        return control(instanceId, "suspend", status -> {
            if (status == RuntimeStatus.Suspended) {
                throw new InstanceStateConflictException("The instance '" + instanceId + "' is already Suspended.");
            }
            return Suspend.because(reason);
        });
    }

    public CompletableFuture<Void> resume(String instanceId, String reason) {
        return control(instanceId, "resume", status -> {
            if (status != RuntimeStatus.Suspended) {
                throw new InstanceStateConflictException("The instance '" + instanceId + "' is " + status
                        + ", not Suspended; there is nothing to resume.");
            }
            return Resume.because(reason);
        });
    }

    /** Runs the failed activities of a Failed instance again, and lets it go on from there. */
    public CompletableFuture<Void> rewind(String instanceId, String reason) {
        String id = InstanceIds.validate(instanceId);
        return existing(id).thenCompose(status -> {
            if (status.runtimeStatus() != RuntimeStatus.Failed) {
                throw new InstanceStateConflictException("The instance '" + id + "' is " + status.runtimeStatus()
                        + "; only a Failed instance can be rewound.");
            }
            return command(id, Rewind.because(reason));
        });
    }

    private CompletableFuture<Void> control(String instanceId, String verb,
            java.util.function.Function<RuntimeStatus, Command> command) {
        String id = InstanceIds.validate(instanceId);
        return existing(id).thenCompose(status -> {
            if (status.runtimeStatus().isTerminal()) {
                throw new InstanceFinishedException("The instance '" + id + "' is " + status.runtimeStatus()
                        + "; it cannot be " + verb + (verb.endsWith("e") ? "d." : "ed."));
            }
            return command(id, command.apply(status.runtimeStatus()));
        });
    }

    private CompletableFuture<Void> command(String id, Command command) {
        requireKafka();
        return sender.command(id, command).thenApply(ack -> null);
    }

    // ---- entities ----

    /**
     * Runs {@code operation} with {@code input} on {@code entity}, one way: completes once the signal is
     * durable in Kafka (the operation runs soon after, in order with the entity's other operations).
     * Refused with {@link UnknownEntityException} when the engines know no entity of that name.
     */
    public CompletableFuture<Void> signalEntity(EntityId entity, String operation, Object input) {
        return signalEntity(entity, operation, input, null);
    }

    /** As {@link #signalEntity(EntityId, String, Object)}, run at {@code at} and not before ({@code null}: now). */
    public CompletableFuture<Void> signalEntity(EntityId entity, String operation, Object input, Instant at) {
        Objects.requireNonNull(entity, "entity");
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("The operation name must not be empty.");
        }
        SignalEntity signal = new SignalEntity(WireMessage.CURRENT_VERSION, operation, DtkJson.toTree(input), at);
        return whileReachable(() -> checkEntityName(entity.name()))
                .thenCompose(ok -> command(entity.toString(), signal));
    }

    /**
     * The state of {@code entity}: empty when it does not exist (it has no state). Read from the view once
     * it caught up with everything the engines published before this call, so an operation that has run
     * is seen.
     */
    public CompletableFuture<Optional<EntityStatus>> getEntity(EntityId entity) {
        Objects.requireNonNull(entity, "entity");
        return whileReachable(() -> view().entity(entity.toString()));
    }

    /** One page of the entities {@code query} matches, in entity ID order, after {@code continuationToken}. */
    public CompletableFuture<EntityPage> queryEntities(EntityQuery query, int pageSize, String continuationToken) {
        Objects.requireNonNull(query, "query");
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be at least 1, was " + pageSize);
        }
        String after = InstancePage.after(continuationToken);
        return whileReachable(() -> view().caughtUp()).thenApplyAsync(ok -> {
            List<EntityStatus> page = new ArrayList<>();
            boolean[] more = {false};
            view().scanEntities(after, query.prefix(), status -> {
                if (!query.test(status)) {
                    return true;
                }
                if (page.size() == pageSize) {
                    more[0] = true;
                    return false;
                }
                page.add(status);
                return true;
            });
            return new EntityPage(page, more[0] ? InstancePage.token(page.getLast().entityId()) : null);
        }, executor);
    }

    /** The entity names the engines know (empty when no engine URL is configured or none answers). */
    public CompletableFuture<Optional<Set<String>>> entityNames() {
        return engines.entityNames(true);
    }

    private CompletableFuture<Void> checkEntityName(String name) {
        return engines.entityNames(false)
                .thenCompose(names -> names.isEmpty() || names.get().contains(name)
                        ? CompletableFuture.completedFuture(Optional.<Set<String>>empty())
                        : engines.entityNames(true))
                .thenAccept(fresh -> fresh.ifPresent(names -> {
                    if (!names.contains(name)) {
                        throw new UnknownEntityException(name, names);
                    }
                }));
    }

    // ---- purge ----

    /**
     * Deletes a finished instance everywhere (status, history, timers). Completes with 1 once this
     * client's view no longer holds it (bounded by the catch-up timeout).
     */
    public CompletableFuture<Integer> purge(String instanceId) {
        String id = InstanceIds.validate(instanceId);
        return existing(id).thenCompose(status -> {
            if (!status.runtimeStatus().isTerminal()) {
                throw new InstanceStateConflictException("The instance '" + id + "' is " + status.runtimeStatus()
                        + "; only finished instances can be purged (terminate it first).");
            }
            return purgeAll(List.of(id));
        });
    }

    /** Purges every finished instance that {@code query} matches; completes with how many. */
    public CompletableFuture<Integer> purge(InstanceQuery query) {
        Objects.requireNonNull(query, "query");
        return whileReachable(() -> view().caughtUp()).thenComposeAsync(ok -> {
            List<String> ids = new ArrayList<>();
            view().scan(null, query.prefix(), status -> {
                if (query.test(status) && status.runtimeStatus().isTerminal()) {
                    ids.add(status.instanceId());
                }
                return true;
            });
            return ids.isEmpty() ? CompletableFuture.completedFuture(0) : purgeAll(ids);
        }, executor);
    }

    private CompletableFuture<Integer> purgeAll(List<String> ids) {
        CompletableFuture<?>[] gone = ids.stream()
                .map(id -> whileReachable(() -> sender.command(id, Purge.because("purged by a client")))
                        .thenCompose(ack -> view().await(id, Optional::isEmpty, settleTimeout)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(gone).thenApply(ok -> ids.size());
    }

    // ---- reading ----

    /**
     * The status of an instance: read-your-writes (an instance whose start any client had acknowledged
     * is found, Pending at least); empty when no such instance exists.
     */
    public CompletableFuture<Optional<InstanceStatus>> getStatus(String instanceId) {
        return find(InstanceIds.validate(instanceId));
    }

    /**
     * What the view holds for {@code id}; a miss needs Kafka (the engines' progress and the status
     * topic), so while Kafka is unreachable it fails at once with {@link DtkUnavailableException}.
     */
    private CompletableFuture<Optional<InstanceStatus>> find(String id) {
        Optional<InstanceStatus> now = view().local(id);
        if (now.isPresent()) {
            return CompletableFuture.completedFuture(now);
        }
        return whileReachable(() -> view().fresh(id));
    }

    private <T> CompletableFuture<T> whileReachable(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            requireKafka();
        } catch (DtkUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        return call.get();
    }

    /**
     * The history of an instance in Durable Functions' form (a JSON array), from the engine that
     * owns it; {@code showOutput} includes results and outputs. Empty when no engine knows it.
     */
    public CompletableFuture<Optional<JsonNode>> getHistory(String instanceId, boolean showOutput) {
        return engines.history(InstanceIds.validate(instanceId), showOutput);
    }

    /** One page of the instances {@code query} matches, in instance ID order, after {@code continuationToken}. */
    public CompletableFuture<InstancePage> query(InstanceQuery query, int pageSize, String continuationToken) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("the page size must be at least 1, was " + pageSize);
        }
        String after = InstancePage.after(continuationToken);
        return whileReachable(() -> view().settled()).thenApplyAsync(ok -> new PageScan(query, pageSize, view().acceptedAfter(after))
                .scan(view(), after), executor);
    }

    /**
     * Completes with the status once the instance has finished (Completed, Failed or Terminated), as
     * the status feed delivers it: no polling. Fails with {@link TimeoutException} after {@code timeout}
     * and with {@link InstanceNotFoundException} when there is no such instance.
     */
    public CompletableFuture<InstanceStatus> waitForCompletion(String instanceId, Duration timeout) {
        String id = InstanceIds.validate(instanceId);
        return existing(id).thenCompose(found -> view().await(id, s -> s.isEmpty() || s.get().runtimeStatus()
                .isTerminal(), timeout)).thenApply(status -> {
                    InstanceStatus s = status.orElseThrow(() -> new InstanceNotFoundException(id));
                    if (!s.runtimeStatus().isTerminal()) {
                        throw new java.util.concurrent.CompletionException(new TimeoutException("instance '" + id
                                + "' was still " + s.runtimeStatus() + " after " + timeout));
                    }
                    return s;
                });
    }

    /** The orchestrator names the engines know (empty when no engine URL is configured or none answers). */
    public CompletableFuture<Optional<Set<String>>> orchestratorNames() {
        return engines.orchestratorNames(true);
    }

    // ---- check-status responses for a service's own HTTP handlers ----

    /**
     * The 202 answer for an instance a handler at {@code requestUrl} started: the check-status payload,
     * {@code Location} and {@code Retry-After}. The URLs point at the gateway given to
     * {@link Builder#gatewayUrl} (else at the request's own origin), carry this client's hub as
     * {@code taskHub} and the request's {@code code} and {@code connection} parameters.
     */
    public CheckStatusResponse createCheckStatusResponse(URI requestUrl, String instanceId) {
        return ManagementUrls.forRequest(requestUrl, gatewayUrl, instanceId, settings.hub.name()).accepted(instanceId);
    }

    /**
     * Waits up to {@code timeout} for the instance to finish: Completed answers 200 with its output;
     * Failed or Terminated 200 with the status object; still running at the end, the
     * {@linkplain #createCheckStatusResponse check-status answer}. The feed wakes the wait;
     * {@code interval} only bounds how late it may notice.
     */
    public CompletableFuture<CheckStatusResponse> waitForCompletionOrCreateCheckStatusResponse(URI requestUrl,
            String instanceId, Duration timeout, Duration interval) {
        ManagementUrls urls = ManagementUrls.forRequest(requestUrl, gatewayUrl, instanceId, settings.hub.name());
        return awaitFinished(instanceId, urls, timeout, interval);
    }

    /** As above, with the management URLs given (the gateway builds them from its own request). */
    public CompletableFuture<CheckStatusResponse> awaitFinished(String instanceId, ManagementUrls urls,
            Duration timeout, Duration interval) {
        Objects.requireNonNull(interval, "interval");
        String id = InstanceIds.validate(instanceId);
        return view().await(id, s -> s.isPresent() && s.get().runtimeStatus().isTerminal(), timeout)
                .thenApply(found -> {
                    if (found.isEmpty() || !found.get().runtimeStatus().isTerminal()) {
                        return urls.accepted(id);
                    }
                    InstanceStatus status = found.get();
                    JsonNode body = status.runtimeStatus() == RuntimeStatus.Completed
                            ? (status.output() == null ? NullNode.getInstance() : status.output())
                            : StatusJson.of(status, true);
                    return new CheckStatusResponse(200, Map.of("Content-Type", "application/json; charset=utf-8"),
                            body);
                });
    }

    /** The status view: a folder, a RocksDB and a feed of the status topic, made on first use. */
    private StatusView view() {
        Views current = views;
        if (current == null) {
            synchronized (this) {
                current = views;
                if (current == null) {
                    current = Views.open(settings, executor, scheduler);
                    views = current;
                }
            }
        }
        return current.view();
    }

    /** What the status view is made of, closed in reverse order. */
    private record Views(ViewFolders.Owned folder, StatusStore store, StatusFeed feed, StatusView view,
            EngineProgress engines, KafkaHealth health) {

        static Views open(Builder b, ExecutorService executor, ScheduledExecutorService scheduler) {
            ViewFolders.Owned folder = ViewFolders.claim(b.stateDir != null ? b.stateDir
                    : Path.of(System.getProperty("java.io.tmpdir"), "dtk-client"));
            StatusStore store = StatusStore.open(folder.dir().resolve("db"));
            KafkaHealth health = new KafkaHealth();
            StatusFeed feed = new StatusFeed(b.kafka.clientProperties(), b.hub, store, health);
            if (b.meters != null) {
                feed.meter(b.meters);
            }
            EngineProgress engines = new EngineProgress(b.kafka.clientProperties(), b.hub,
                    b.engineApplicationId != null ? b.engineApplicationId : b.hub.engineApplicationId());
            StatusView view = new StatusView(store, feed, b.catchUpTimeout, executor, scheduler, engines);
            feed.start();
            return new Views(folder, store, feed, view, engines, health);
        }
    }

    /**
     * Calls {@code listener} (on the client's threads) with every status the feed writes from now on:
     * the instance ID and its status (empty once purged).
     */
    public void onStatus(java.util.function.BiConsumer<String, Optional<InstanceStatus>> listener) {
        view().listen(listener);
    }

    /**
     * Produces {@code command} to {@code <hub>.commands} as it is, keyed by {@code instanceId} (or an entity ID,
     * {@code @name@key}), as any Kafka service would: no checks. Completes with where Kafka put it.
     */
    public CompletableFuture<org.apache.kafka.clients.producer.RecordMetadata> send(String instanceId,
            Command command) {
        String key = EntityId.isEntityId(instanceId) ? EntityId.parse(instanceId).toString()
                : InstanceIds.validate(instanceId);
        return sender.command(key, command);
    }

    private CompletableFuture<InstanceStatus> existing(String id) {
        return find(id).thenApply(found -> found.orElseThrow(() -> new InstanceNotFoundException(id)));
    }

    /** The threads the client completes its futures on; callers may run their own follow-ups there. */
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        Views current = views;
        if (current != null) {
            current.feed().close();
            current.engines().close();
        }
        sender.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
        if (current != null) {
            current.store().close();
            current.folder().close();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Builds a {@link DtkClient}; {@link #build()} connects. */
    public static final class Builder {

        private KafkaSettings kafka = KafkaSettings.of("localhost:9092");
        private Hub hub = Hub.DEFAULT;
        private Path stateDir;
        private List<URI> engineUrls = List.of();
        private String engineQuerySecret;
        private URI gatewayUrl;
        private Duration catchUpTimeout = Duration.ofSeconds(10);
        private Duration namesCacheTtl = Duration.ofSeconds(30);
        private boolean eagerView = true;
        private String engineApplicationId;
        private MeterRegistry meters;

        private Builder() {
        }

        /**
         * Records the client's metrics into {@code registry}: its Kafka clients' and
         * {@code dtk_status_view_lag_records} (how far its status view is behind). Default: none.
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meters = registry;
            return this;
        }

        /** The task hub to work on (default {@code dtk}): its topics, and its engines' application ID. */
        public Builder hub(Hub value) {
            this.hub = Objects.requireNonNull(value, "hub");
            return this;
        }

        public Builder kafka(KafkaSettings value) {
            this.kafka = Objects.requireNonNull(value, "kafka");
            return this;
        }

        /**
         * Where the status view lives (RocksDB; each client uses a fresh folder under it, removed on
         * close). Default: a folder under the system's temporary directory.
         */
        public Builder stateDir(Path value) {
            this.stateDir = value;
            return this;
        }

        /** Engine query endpoints ({@code http://host:port}) for history and orchestrator names. */
        public Builder engineUrls(List<URI> values) {
            this.engineUrls = List.copyOf(values);
            return this;
        }

        /** The secret the engines' query endpoints require (DTK_ENGINE_QUERY_SECRET); null: none. */
        public Builder engineQuerySecret(String value) {
            this.engineQuerySecret = value;
            return this;
        }

        /** The public base URL of a dtk gateway, for the URLs of check-status answers. */
        public Builder gatewayUrl(URI value) {
            this.gatewayUrl = value;
            return this;
        }

        /** How long a read may wait for the view to catch up with the status topic; default 10 s. */
        public Builder catchUpTimeout(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("catchUpTimeout must be a positive duration, got " + value);
            }
            this.catchUpTimeout = value;
            return this;
        }

        /** How long the engines' orchestrator names are cached; default 30 s. */
        public Builder namesCacheTtl(Duration value) {
            this.namesCacheTtl = Objects.requireNonNull(value, "namesCacheTtl");
            return this;
        }

        /**
         * Build the status view at once (default; the first read then does not wait for it) or only
         * when a read needs it (a client that only sends commands never reads the status topic).
         */
        public Builder eagerView(boolean value) {
            this.eagerView = value;
            return this;
        }

        /** The engines' Kafka Streams application ID (their consumer group); default the hub's ({@code dtk-engine}). */
        public Builder engineApplicationId(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("engineApplicationId must not be blank");
            }
            this.engineApplicationId = value;
            return this;
        }

        public DtkClient build() {
            for (URI url : engineUrls) {
                if (url.getScheme() == null || !url.getScheme().toLowerCase(java.util.Locale.ROOT).startsWith("http")
                        || url.getHost() == null) {
                    throw new IllegalArgumentException("engineUrls: '" + url + "' is not an http://host:port URL");
                }
            }
            LOG.debug("starting dtk client: {}, engines {}", kafka, engineUrls);
            return new DtkClient(this);
        }
    }
}
