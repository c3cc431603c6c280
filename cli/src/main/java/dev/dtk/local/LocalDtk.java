package dev.dtk.local;

import dev.dtk.activity.ActivityRegistry;
import dev.dtk.app.AppCatalog;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.observability.Observability;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.testkit.LocalKafka;
import dev.dtk.topics.Hub;
import dev.dtk.topics.Limits;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import dev.dtk.worker.http.HttpSettings;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All of dtk in one JVM: the topics, an engine and one worker per activity queue of the apps, on a
 * broker of its own ({@link LocalKafka}, for {@code dtk dev}) or on one given (tests, benchmarks), for
 * one task hub (default {@code dtk}); {@link #alongside(Hub)} runs another hub on the same broker.
 * Gateways start on demand. The engine's query endpoint requires a secret generated for this run,
 * which the gateways started here present ({@link #engineQuerySecret()} for anything else that asks).
 * Engine, workers and gateways record into one {@link Observability}, served at the gateways'
 * {@code /metrics} and the engine's query endpoint.
 */
public final class LocalDtk implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalDtk.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * The engine's and workers' Kafka session timeout: on one machine a member that died (a crashed engine,
     * a killed worker) is counted out of its group in 10 s instead of Kafka's default 45 s. Those a killed
     * predecessor process left on this process's own broker are removed at start ({@link #removeLeftMembers}).
     */
    private static final String DEAD_MEMBER_TIMEOUT_MS = "10000";

    private final Path home;
    private final Hub hub;
    private final int partitions;
    private final String bootstrapServers;
    private final AutoCloseable broker;
    private final AppCatalog apps;
    private final Consumer<EngineConfig.Builder> engineSettings;
    private final Consumer<WorkerConfig.Builder> workerSettings;
    private final Observability observability;
    private final String querySecret;
    /** Whether the broker is this process's own ({@link LocalKafka}): no other process runs dtk on it. */
    private final boolean ownBroker;
    private final AtomicInteger engineStarts = new AtomicInteger();
    private final List<ActivityWorker> workers = new ArrayList<>();
    private final List<DtkGateway> gateways = new ArrayList<>();
    private final List<LocalDtk> alongside = new ArrayList<>();
    private volatile DtkEngine engine;

    private LocalDtk(Path home, Hub hub, int partitions, String bootstrapServers, AutoCloseable broker, AppCatalog apps,
            Consumer<EngineConfig.Builder> engineSettings, Consumer<WorkerConfig.Builder> workerSettings,
            Observability observability, String querySecret, boolean ownBroker) {
        this.observability = observability;
        this.ownBroker = ownBroker;
        this.home = home;
        this.hub = hub;
        this.partitions = partitions;
        this.querySecret = querySecret;
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.apps = apps;
        this.engineSettings = engineSettings;
        this.workerSettings = workerSettings;
    }

    /**
     * Starts a broker (data in {@code home/kafka}, on {@code kafkaPort}, 0 for a free port), creates the
     * topics with {@code partitions} partitions, and starts the engine and the workers of {@code apps}.
     */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps,
            Consumer<EngineConfig.Builder> engineSettings) throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, apps, engineSettings, worker -> { }, Observability.prometheus());
    }

    /** As above, with further settings for every worker (for example the HTTP workers' {@link HttpSettings}). */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps,
            Consumer<EngineConfig.Builder> engineSettings, Consumer<WorkerConfig.Builder> workerSettings)
            throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, apps, engineSettings, workerSettings, Observability.prometheus());
    }

    /** As above, recording metrics and traces into {@code observability} (the caller closes it). */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps,
            Consumer<EngineConfig.Builder> engineSettings, Observability observability)
            throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, apps, engineSettings, worker -> { }, observability);
    }

    /** As above, with worker settings and {@code observability} (the caller closes it). */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps,
            Consumer<EngineConfig.Builder> engineSettings, Consumer<WorkerConfig.Builder> workerSettings,
            Observability observability) throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, apps, Hub.DEFAULT, engineSettings, workerSettings, observability);
    }

    /** As above, for task hub {@code hub}. */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps, Hub hub,
            Consumer<EngineConfig.Builder> engineSettings, Consumer<WorkerConfig.Builder> workerSettings,
            Observability observability) throws TimeoutException, InterruptedException {
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), kafkaPort);
        return run(new LocalDtk(home, hub, partitions, kafka.bootstrapServers(), kafka, apps, engineSettings,
                workerSettings, observability, generatedSecret(), true));
    }

    public static LocalDtk start(Path home, int kafkaPort, int partitions, AppCatalog apps)
            throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, apps, engine -> { });
    }

    /** As {@link #start(Path, int, int, AppCatalog)}, with registries built by hand. */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, OrchestratorRegistry orchestrators,
            ActivityRegistry activities, Map<String, String> routes) throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, AppCatalog.of(orchestrators, activities, routes));
    }

    /**
     * Runs dtk on the broker at {@code bootstrapServers}; {@code broker} (may be null) is closed last
     * by {@link #close()}.
     */
    public static LocalDtk onBroker(Path home, String bootstrapServers, AutoCloseable broker, int partitions,
            AppCatalog apps, Consumer<EngineConfig.Builder> engineSettings)
            throws TimeoutException, InterruptedException {
        return onBroker(home, bootstrapServers, broker, partitions, apps, engineSettings, worker -> { },
                Observability.prometheus());
    }

    /** As above, with further settings for every worker (for example the HTTP workers' {@link HttpSettings}). */
    public static LocalDtk onBroker(Path home, String bootstrapServers, AutoCloseable broker, int partitions,
            AppCatalog apps, Consumer<EngineConfig.Builder> engineSettings,
            Consumer<WorkerConfig.Builder> workerSettings)
            throws TimeoutException, InterruptedException {
        return onBroker(home, bootstrapServers, broker, partitions, apps, engineSettings, workerSettings,
                Observability.prometheus());
    }

    /** As above, recording metrics and traces into {@code observability} (the caller closes it). */
    public static LocalDtk onBroker(Path home, String bootstrapServers, AutoCloseable broker, int partitions,
            AppCatalog apps, Consumer<EngineConfig.Builder> engineSettings, Observability observability)
            throws TimeoutException, InterruptedException {
        return onBroker(home, bootstrapServers, broker, partitions, apps, engineSettings, worker -> { },
                observability);
    }

    /** As above, with worker settings and {@code observability} (the caller closes it). */
    public static LocalDtk onBroker(Path home, String bootstrapServers, AutoCloseable broker, int partitions,
            AppCatalog apps, Consumer<EngineConfig.Builder> engineSettings,
            Consumer<WorkerConfig.Builder> workerSettings, Observability observability)
            throws TimeoutException, InterruptedException {
        return onBroker(home, bootstrapServers, broker, partitions, apps, Hub.DEFAULT, engineSettings, workerSettings,
                observability);
    }

    /** As above, for task hub {@code hub}: its topics, its engine and its workers. */
    public static LocalDtk onBroker(Path home, String bootstrapServers, AutoCloseable broker, int partitions,
            AppCatalog apps, Hub hub, Consumer<EngineConfig.Builder> engineSettings,
            Consumer<WorkerConfig.Builder> workerSettings, Observability observability)
            throws TimeoutException, InterruptedException {
        return run(new LocalDtk(home, hub, partitions, bootstrapServers, broker, apps, engineSettings,
                workerSettings, observability, generatedSecret(), false));
    }

    private static LocalDtk run(LocalDtk dtk) throws TimeoutException, InterruptedException {
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", dtk.bootstrapServers))) {
                new TopicProvisioner(admin).ensure(Topics.all(dtk.hub, dtk.partitions, (short) 1, dtk.queues(),
                        Limits.DEFAULT));
                if (dtk.ownBroker) {
                    dtk.removeLeftMembers(admin);
                }
            }
            dtk.startEngine();
            dtk.queues().forEach(dtk::startWorker);
            dtk.engine.awaitRunning(START_TIMEOUT);
            return dtk;
        } catch (RuntimeException | TimeoutException | InterruptedException e) {
            dtk.close();
            throw e;
        }
    }

    /**
     * Runs task hub {@code other} on this broker too: its topics (as many partitions as this hub's), an engine and workers of the same apps and settings, state under {@code home/hubs/<hub>}.
     * Gateways started here serve it as well; {@link #close()} stops it.
     */
    public synchronized LocalDtk alongside(Hub other) throws TimeoutException, InterruptedException {
        if (other.equals(hub) || alongside.stream().anyMatch(d -> d.hub.equals(other))) {
            throw new IllegalArgumentException("hub " + other + " runs here already");
        }
        LocalDtk dtk = run(new LocalDtk(home.resolve("hubs").resolve(other.name()), other, partitions,
                bootstrapServers, null, apps, engineSettings, workerSettings, observability, querySecret, ownBroker));
        alongside.add(dtk);
        return dtk;
    }

    /** The task hub this runs. */
    public Hub hub() {
        return hub;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public AppCatalog apps() {
        return apps;
    }

    /** The default queue, every routed one and {@code http} (callHttp's built-in activity). */
    public Set<String> queues() {
        return apps.queues();
    }

    public DtkEngine engine() {
        return engine;
    }

    /** What the engine, the workers and the gateways record their metrics and traces into. */
    public Observability observability() {
        return observability;
    }

    /** The secret the engine's query endpoint requires, generated for this run. */
    public String engineQuerySecret() {
        return querySecret;
    }

    private static String generatedSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Starts an engine. The first one keeps its state in {@code home/engine-state}; later ones (after a
     * {@link #crashEngine()}) start from an empty folder and restore from the changelogs, as a
     * replacement machine would.
     */
    public DtkEngine startEngine() {
        return startEngine(apps.orchestrators(), builder -> { });
    }

    /**
     * Starts an engine with {@code orchestrators} instead of the apps' (an engine of another version, as
     * in a rolling deploy), with further settings of its own.
     */
    public DtkEngine startEngine(OrchestratorRegistry orchestrators, Consumer<EngineConfig.Builder> more) {
        int start = engineStarts.incrementAndGet();
        Path stateDir = home.resolve(start == 1 ? "engine-state" : "engine-state-" + start);
        EngineConfig.Builder config = EngineConfig.builder()
                .bootstrapServers(bootstrapServers)
                .hub(hub)
                .stateDir(stateDir)
                .queryEndpoint("127.0.0.1", "127.0.0.1", 0)
                .querySecret(querySecret);
        apps.routes().forEach(config::route);
        config.kafka("consumer.session.timeout.ms", DEAD_MEMBER_TIMEOUT_MS);
        engineSettings.accept(config);
        more.accept(config);
        engine = DtkEngine.start(config.build(), orchestrators, apps.entities(), observability);
        return engine;
    }

    /** Stops the engine cleanly (its open transaction commits). */
    public void stopEngine() {
        engine.close();
    }

    /** Stops the engine without giving it time to finish anything, as close to a crash as a JVM allows. */
    public void crashEngine() {
        engine.close(Duration.ZERO);
    }

    /** Starts a worker of {@code queue}; HTTP workers get the apps' HTTP hooks unless the settings say otherwise. */
    public synchronized ActivityWorker startWorker(String queue) {
        WorkerConfig.Builder config = WorkerConfig.builder().bootstrapServers(bootstrapServers).hub(hub).queue(queue)
                .maxInFlight(64).http(HttpSettings.builder().apps(apps.http()).build())
                .kafka(Map.of("session.timeout.ms", DEAD_MEMBER_TIMEOUT_MS));
        workerSettings.accept(config);
        ActivityWorker worker = ActivityWorker.start(config.build(), apps.activities(), observability);
        workers.add(worker);
        return worker;
    }

    /**
     * On this process's own broker, before this hub's engine and workers start: removes the members a killed
     * predecessor left in their groups ({@code kill -9} of {@code dtk dev}, an IDE's stop button). Kafka would
     * count them out after their session timeout only, and until then the groups' partitions stayed with
     * them: the first step after a restart waited 10 s. A worker of another process attached to this broker
     * meanwhile is removed too and joins again at once. The groups are asked at once, over the admin client
     * that created the topics.
     */
    private void removeLeftMembers(Admin admin) throws InterruptedException {
        List<String> groups = new ArrayList<>(List.of(hub.engineApplicationId()));
        queues().forEach(queue -> groups.add(hub.workerGroup(queue)));
        Map<String, KafkaFuture<Void>> removals = new LinkedHashMap<>();
        for (String group : groups) {
            removals.put(group, admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
                    .all());
        }
        for (var removal : removals.entrySet()) {
            try {
                removal.getValue().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                LOG.info("removed the members a stopped process left in group {}", removal.getKey());
            } catch (ExecutionException e) {
                // no such group (a first start), or no member in it (a clean stop): nothing was left
                LOG.debug("no member to remove from group {}: {}", removal.getKey(), e.getCause().toString());
            } catch (TimeoutException e) {
                LOG.warn("could not remove the members left in group {} within {}; they leave after their"
                        + " session timeout", removal.getKey(), START_TIMEOUT);
            }
        }
    }

    /**
     * Starts a gateway on this broker that serves this hub (its default) and every hub run
     * {@linkplain #alongside alongside}, asking their current engines for history; {@code config} may
     * set port, keys and routes. Its status view lives under {@code home/gateway}; it presents this
     * run's query secret to the engines.
     */
    public synchronized DtkGateway startGateway(GatewayConfig.Builder config, Consumer<DtkGateway.Builder> extraRoutes) {
        config.bootstrapServers(bootstrapServers).stateDir(home.resolve("gateway")).engineQuerySecret(querySecret);
        List<Hub> hubs = new ArrayList<>(List.of(hub));
        engine.queryUrl().ifPresent(url -> config.engineUrls(hub, List.of(URI.create(url))));
        for (LocalDtk other : alongside) {
            hubs.add(other.hub);
            other.engine.queryUrl().ifPresent(url -> config.engineUrls(other.hub, List.of(URI.create(url))));
        }
        config.hubs(hubs);
        DtkGateway.Builder builder = DtkGateway.builder(config.build()).observability(observability);
        extraRoutes.accept(builder);
        DtkGateway gateway = builder.start();
        gateways.add(gateway);
        return gateway;
    }

    public synchronized List<ActivityWorker> workers() {
        return List.copyOf(workers);
    }

    @Override
    public synchronized void close() {
        for (DtkGateway gateway : gateways) {
            gateway.close();
        }
        for (LocalDtk other : alongside) {
            other.close();
        }
        for (ActivityWorker worker : workers) {
            worker.close(Duration.ofSeconds(5));
        }
        if (engine != null) {
            engine.close(Duration.ofSeconds(10));
        }
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the broker", e);
            }
        }
    }
}
