package dev.dtk.local;

import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import dev.dtk.worker.ActivityRegistry;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * All of dtk in one JVM on a {@link LocalKafka} broker: the topics, an engine and one worker per
 * activity queue. Behind {@code dtk dev}, the benchmarks and the end-to-end tests.
 */
public final class LocalDtk implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path home;
    private final LocalKafka kafka;
    private final OrchestratorRegistry orchestrators;
    private final ActivityRegistry activities;
    private final Map<String, String> routes;
    private final Consumer<EngineConfig.Builder> engineSettings;
    private final AtomicInteger engineStarts = new AtomicInteger();
    private final List<ActivityWorker> workers = new ArrayList<>();
    private final List<DtkGateway> gateways = new ArrayList<>();
    private volatile DtkEngine engine;

    private LocalDtk(Path home, LocalKafka kafka, OrchestratorRegistry orchestrators, ActivityRegistry activities,
            Map<String, String> routes, Consumer<EngineConfig.Builder> engineSettings) {
        this.engineSettings = engineSettings;
        this.home = home;
        this.kafka = kafka;
        this.orchestrators = orchestrators;
        this.activities = activities;
        this.routes = Map.copyOf(routes);
    }

    /**
     * Starts the broker (data in {@code home/kafka}, on {@code kafkaPort}, 0 for a free port), creates the
     * topics with {@code partitions} partitions, and starts the engine and the workers.
     */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, OrchestratorRegistry orchestrators,
            ActivityRegistry activities, Map<String, String> routes) throws TimeoutException, InterruptedException {
        return start(home, kafkaPort, partitions, orchestrators, activities, routes, engine -> { });
    }

    /** As above, with engine settings of one's own (applied after the local defaults). */
    public static LocalDtk start(Path home, int kafkaPort, int partitions, OrchestratorRegistry orchestrators,
            ActivityRegistry activities, Map<String, String> routes, Consumer<EngineConfig.Builder> engineSettings)
            throws TimeoutException, InterruptedException {
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), kafkaPort);
        LocalDtk dtk = new LocalDtk(home, kafka, orchestrators, activities, routes, engineSettings);
        try {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                new TopicProvisioner(admin).ensure(Topics.all(partitions, (short) 1, dtk.queues()));
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

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The default queue and every routed one. */
    public Set<String> queues() {
        Set<String> queues = new TreeSet<>(routes.values());
        queues.add(Topics.DEFAULT_QUEUE);
        return queues;
    }

    public DtkEngine engine() {
        return engine;
    }

    /**
     * Starts an engine. The first one keeps its state in {@code home/engine-state}; later ones (after a
     * {@link #crashEngine()}) start from an empty folder and restore from the changelogs, as a
     * replacement machine would.
     */
    public DtkEngine startEngine() {
        int start = engineStarts.incrementAndGet();
        Path stateDir = home.resolve(start == 1 ? "engine-state" : "engine-state-" + start);
        EngineConfig.Builder config = EngineConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .stateDir(stateDir)
                .queryEndpoint("127.0.0.1", "127.0.0.1", 0);
        routes.forEach(config::route);
        // one machine: a member that died is noticed in 10 s instead of Kafka's default 45 s
        config.kafka("consumer.session.timeout.ms", "10000");
        engineSettings.accept(config);
        engine = DtkEngine.start(config.build(), orchestrators);
        return engine;
    }

    /** Stops the engine without giving it time to finish anything, as close to a crash as a JVM allows. */
    public void crashEngine() {
        engine.close(Duration.ZERO);
    }

    public synchronized ActivityWorker startWorker(String queue) {
        ActivityWorker worker = ActivityWorker.start(WorkerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers()).queue(queue).maxInFlight(64).build(), activities);
        workers.add(worker);
        return worker;
    }

    /**
     * Starts a gateway on this broker that asks the current engine for history; {@code config} may
     * set port, keys and routes. Its status view lives under {@code home/gateway}.
     */
    public synchronized DtkGateway startGateway(GatewayConfig.Builder config,
            java.util.function.Consumer<DtkGateway.Builder> extraRoutes) {
        config.bootstrapServers(kafka.bootstrapServers()).stateDir(home.resolve("gateway"));
        engine.queryUrl().ifPresent(url -> config.engineUrls(List.of(java.net.URI.create(url))));
        DtkGateway.Builder builder = DtkGateway.builder(config.build());
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
        for (ActivityWorker worker : workers) {
            worker.close(Duration.ofSeconds(5));
        }
        if (engine != null) {
            engine.close(Duration.ofSeconds(10));
        }
        kafka.close();
    }
}
