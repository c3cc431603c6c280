package dev.dtk.cli;

import dev.dtk.app.AppCatalog;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dtk engine}: the orchestration engine as its own service, against any cluster. The query
 * endpoint's secret comes from {@code DTK_ENGINE_QUERY_SECRET} only, never the command line, where
 * other users of the machine could see it.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Run the orchestration engine (Kafka Streams) with the orchestrators of your app (--app) or the"
                + " samples. The query endpoint's secret: DTK_ENGINE_QUERY_SECRET (required unless --query-host is"
                + " a loopback address). Metrics and health, without the secret, on the same port: /metrics,"
                + " /health/live, /health/ready; traces with the standard OTEL_* variables.")
final class EngineCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HubOption hub;

    @Mixin
    AppOptions apps;

    @Option(names = "--state-dir", defaultValue = "${env:DTK_STATE_DIR:-.dtk/engine-state}",
            description = "Local state (RocksDB) folder (env DTK_STATE_DIR; default ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--commit-interval-ms", defaultValue = "${env:DTK_COMMIT_INTERVAL_MS:-10}",
            description = "Exactly-once commit interval (env DTK_COMMIT_INTERVAL_MS; default ${DEFAULT-VALUE}).")
    long commitIntervalMs;

    @Option(names = "--query-port", defaultValue = "${env:DTK_ENGINE_QUERY_PORT:-7080}",
            description = "Port of the internal query endpoint gateways ask for history; -1: none"
                    + " (env DTK_ENGINE_QUERY_PORT; default ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--query-host", defaultValue = "${env:DTK_ENGINE_QUERY_HOST:-127.0.0.1}",
            description = "Address the query endpoint listens on; any other than loopback needs"
                    + " DTK_ENGINE_QUERY_SECRET (env DTK_ENGINE_QUERY_HOST; default ${DEFAULT-VALUE}).")
    String queryHost;

    @Option(names = "--advertised-host", defaultValue = "${env:DTK_ENGINE_ADVERTISED_HOST:-127.0.0.1}",
            description = "Host other engines and gateways reach this engine at (env DTK_ENGINE_ADVERTISED_HOST;"
                    + " default ${DEFAULT-VALUE}).")
    String advertisedHost;

    @Option(names = "--step-timeout-ms", defaultValue = "${env:DTK_ORCHESTRATOR_STEP_TIMEOUT_MS:-5000}",
            description = "How long orchestrator code may run in one step before it is abandoned and its instance"
                    + " fails (env DTK_ORCHESTRATOR_STEP_TIMEOUT_MS; default ${DEFAULT-VALUE}).")
    long stepTimeoutMs;

    @Option(names = "--standby-replicas", defaultValue = "${env:DTK_ENGINE_STANDBY_REPLICAS:-0}",
            description = "Warm copies of each partition's state kept on other engines, so that a killed engine's"
                    + " partitions resume elsewhere without a restore (env DTK_ENGINE_STANDBY_REPLICAS; default"
                    + " ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--cache-idle-ms", defaultValue = "${env:DTK_ENGINE_CACHE_IDLE_MS:-1000}",
            description = "How long an instance stays parsed, and its orchestrator code parked in memory, without a"
                    + " step; a quieter one replays its history when it wakes (env DTK_ENGINE_CACHE_IDLE_MS; default"
                    + " ${DEFAULT-VALUE}).")
    long cacheIdleMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AppCatalog catalog;
        EngineConfig config;
        try {
            catalog = apps.catalog(System.getenv(), SmsWiring::none);
            EngineConfig.Builder builder = EngineConfig.builder().kafka(kafka.kafkaSettings()).hub(hub.hub()).stateDir(stateDir)
                    .commitInterval(Duration.ofMillis(commitIntervalMs))
                    .queryEndpoint(queryHost, advertisedHost, queryPort)
                    .limits(Limits.fromEnvironment(System.getenv()))
                    .stepTimeout(Duration.ofMillis(stepTimeoutMs))
                    .standbyReplicas(standbyReplicas)
                    .cacheIdle(Duration.ofMillis(cacheIdleMs))
                    .querySecret(System.getenv("DTK_ENGINE_QUERY_SECRET"));
            catalog.routes().forEach(builder::route);
            config = builder.build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk engine: " + e.getMessage());
            return 2;
        }
        Observability observability = Observability.forService("engine", System.getenv());
        DtkEngine engine = DtkEngine.start(config, catalog.orchestrators(), catalog.entities(), observability);
        return UntilStopped.run(() -> {
            engine.close();
            observability.close();
        });
    }
}
