package dev.dtk.engine;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.engine.query.EngineQueryServer;
import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.streams.EngineTopology;
import dev.dtk.engine.streams.InputLag;
import dev.dtk.engine.streams.OpenTransactions;
import dev.dtk.engine.streams.InstanceStore;
import dev.dtk.engine.streams.ThreadedCodeGuard;
import dev.dtk.engine.streams.TimerStoreView;
import dev.dtk.engine.telemetry.EngineTelemetry;
import dev.dtk.observability.Observability;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running dtk engine: the Kafka Streams application that runs orchestrations. Start one per
 * process; more processes with the same application ID share the partitions.
 */
public final class DtkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtkEngine.class);

    private final KafkaStreams streams;
    private final OrchestratorRegistry registry;
    private final EngineQueryServer query;
    private final ThreadedCodeGuard guard;
    private final EngineTelemetry telemetry;
    private final OpenTransactionWatch watch;
    /** Whether the engine's consumers have a static identity ({@code group.instance.id}). */
    private final boolean staticMember;
    /** The partitions of the hub's inputs, asked at start: an instance's state lives in its key's. */
    private final int inputPartitions;

    private DtkEngine(KafkaStreams streams, OrchestratorRegistry registry, EngineQueryServer query,
            ThreadedCodeGuard guard, EngineTelemetry telemetry, OpenTransactionWatch watch, boolean staticMember,
            int inputPartitions) {
        this.streams = streams;
        this.registry = registry;
        this.query = query;
        this.guard = guard;
        this.telemetry = telemetry;
        this.watch = watch;
        this.staticMember = staticMember;
        this.inputPartitions = inputPartitions;
    }

    /** Starts the engine without entities; it joins the cluster in the background (see {@link #awaitRunning}). */
    public static DtkEngine start(EngineConfig config, OrchestratorRegistry registry) {
        return start(config, registry, EntityRegistry.empty(), Observability.none());
    }

    /** Starts the engine with entities; it joins the cluster in the background (see {@link #awaitRunning}). */
    public static DtkEngine start(EngineConfig config, OrchestratorRegistry registry, EntityRegistry entities) {
        return start(config, registry, entities, Observability.none());
    }

    /** Starts the engine without entities, recording metrics and traces into {@code observability}. */
    public static DtkEngine start(EngineConfig config, OrchestratorRegistry registry, Observability observability) {
        return start(config, registry, EntityRegistry.empty(), observability);
    }

    /**
     * Starts the engine, recording metrics and traces into {@code observability}; its query endpoint
     * also answers {@code /metrics}, {@code /health/live} and {@code /health/ready}.
     */
    public static DtkEngine start(EngineConfig config, OrchestratorRegistry registry, EntityRegistry entities,
            Observability observability) {
        LOG.info("starting dtk engine: {}; orchestrators {}; entities {}", config, registry.names(), entities.names());
        ActivityRouting routing = new ActivityRouting(config.defaultQueue(), config.queueByActivity(), config.queues());
        int partitions = InputPartitions.of(config);
        ThreadedCodeGuard guard = new ThreadedCodeGuard(config.stepTimeout());
        InstanceStepper stepper = new InstanceStepper(registry, new StepRules(routing, config.limits()), guard);
        Properties properties = config.streamsProperties();
        EngineQueryServer query = null;
        if (config.queryEnabled()) {
            try {
                query = EngineQueryServer.bind(config.queryBindHost(), config.queryAdvertisedHost(), config.queryPort(),
                        config.querySecret());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve the engine query endpoint on " + config.queryBindHost()
                        + ":" + config.queryPort(), e);
            }
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG,
                    query.advertised().host() + ":" + query.advertised().port());
        }
        EntityStepper entitySteps = new EntityStepper(entities, config.limits(), guard);
        OpenTransactions transactions = OpenTransactions.watched();
        InputLag lag = InputLag.ofMainConsumers(transactions);
        KafkaStreams streams = new KafkaStreams(EngineTopology.build(stepper, entitySteps,
                config.shellSettings(partitions), EngineTelemetry.observers(observability), lag), properties,
                EngineTopology.clientSupplier());
        EngineTelemetry telemetry = EngineTelemetry.bind(observability, streams);
        streams.setUncaughtExceptionHandler(error -> {
            LOG.error("engine stream thread failed; replacing it (exactly-once: its open transaction is aborted"
                    + " and its work redone)", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        OpenTransactionWatch watch = OpenTransactionWatch.start(config, streams, transactions);
        if (query != null) {
            query.serveOps(telemetry.endpoints());
            query.start(streams, partitions, registry, entities);
        }
        boolean staticMember = properties.stringPropertyNames().stream()
                .anyMatch(key -> key.equals(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                        || key.endsWith("." + ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        return new DtkEngine(streams, registry, query, guard, telemetry, watch, staticMember, partitions);
    }

    /** Waits until the engine processes records; throws when it does not within {@code timeout}. */
    public DtkEngine awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the engine stopped while starting: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the engine was not running after " + timeout + ": " + streams.state());
            }
            Thread.sleep(20);
        }
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Liveness and readiness, as {@code /health/live} and {@code /health/ready} answer them. */
    public EngineTelemetry health() {
        return telemetry;
    }

    /** The base URL of this engine's query endpoint ({@code http://host:port}), when it serves one. */
    public Optional<String> queryUrl() {
        return Optional.ofNullable(query).map(q -> "http://" + q.advertised().host() + ":" + q.advertised().port());
    }

    public OrchestratorRegistry registry() {
        return registry;
    }

    /**
     * The state of an instance this engine process owns (history included), or empty when it has no such
     * instance or does not run the instance's partition now (another engine process owns it, it is
     * restoring it, or the engine is not running). Reads only that partition's stores.
     */
    public Optional<InstanceState> localInstance(String instanceId) {
        try {
            return Optional.ofNullable(InstanceStore.read(streams, Topics.partitionOf(instanceId, inputPartitions),
                    instanceId));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** The partitions this engine process runs actively now (empty while it rebalances or restores). */
    public Set<Integer> activePartitions() {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .map(task -> task.taskId().partition()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The partitions of which this engine process keeps a warm copy for another one ({@code standbyReplicas}). */
    public Set<Integer> standbyPartitions() {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.standbyTasks().stream())
                .map(task -> task.taskId().partition()).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * How many changelog records this engine process's local stores, active and standby, are behind;
     * a standby copy near 0 takes over at once when its active engine goes away.
     */
    public long localStoreLag() {
        return streams.allLocalStorePartitionLags().values().stream().flatMap(byPartition -> byPartition.values()
                .stream()).mapToLong(LagInfo::offsetLag).sum();
    }

    /** How many orchestrator runs were abandoned for running too long since this engine started. */
    public int abandonedRuns() {
        return guard.abandoned();
    }

    /**
     * The due times of the timers of {@code instanceId} in this engine process's timer store (a full
     * scan of the local store: for diagnostics and tests).
     */
    public List<Instant> localTimers(String instanceId) {
        return TimerStoreView.timersOf(timerStore(), instanceId);
    }

    /** How many timers this engine process's timer store holds (a full scan). */
    public long localTimerCount() {
        return TimerStoreView.count(timerStore());
    }

    private ReadOnlyKeyValueStore<Bytes, byte[]> timerStore() {
        return streams.store(StoreQueryParameters.fromNameAndType(
                EngineTopology.TIMERS_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
    }

    /**
     * Stops cleanly: the open transaction commits, local state is checkpointed, and the engine leaves its
     * group, so its partitions move to the other engines at once.
     */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops within {@code timeout}. A stop with time leaves the group: Kafka Streams by itself stays in it,
     * and the partitions of an engine stopped for a deploy then waited for its session to time out (45 s by
     * default) before another engine took them. {@link Duration#ZERO} is as close to a crash as a JVM
     * allows, and stays in the group as a killed process does: its partitions move once Kafka counts it out.
     * So does an engine given a static identity ({@code group.instance.id}): started again under it, it takes
     * its partitions back without a rebalance, which is what such an identity is for.
     */
    public void close(Duration timeout) {
        if (query != null) {
            query.close();
        }
        telemetry.close();
        watch.close(timeout);
        CloseOptions.GroupMembershipOperation membership = timeout.isZero() || staticMember
                ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
        if (streams.close(CloseOptions.groupMembershipOperation(membership).withTimeout(timeout))) {
            guard.close();
        }
        // else stream threads may still be finishing: the guard's idle threads end by themselves
    }
}
