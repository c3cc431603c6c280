package dev.dtk.bench;

import dev.dtk.bench.chaos.Service;
import dev.dtk.testkit.FreePorts;
import dev.dtk.testkit.MetricsPage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second engine run as its own process ({@code dtk engine --standby-replicas 1}), the way a
 * deployment adds one: it shares neither the heap nor RocksDB's background threads and memtable
 * budget with the bench's engine. What it does is read from its {@code /metrics} on its query port:
 * the partitions it runs and keeps standbys of, and how far their stores are behind.
 */
final class StandbyProcess implements AutoCloseable {

    private static final List<String> JVM = List.of("-XX:+UseG1GC", "-Xmx2g");

    private final Service service;
    private final String base;

    private StandbyProcess(Service service, int port) {
        this.service = service;
        this.base = "http://127.0.0.1:" + port;
    }

    /**
     * Starts it on the broker at {@code bootstrapServers} with {@code engineSettings} as Kafka settings
     * and the engine's defaults otherwise (as the bench's engine: a commit interval of 10 ms).
     */
    static StandbyProcess start(Path home, String bootstrapServers, String querySecret,
            Map<String, String> engineSettings) {
        int port = FreePorts.one();
        List<String> args = new ArrayList<>(List.of("engine", "--bootstrap-servers", bootstrapServers,
                "--state-dir", home.resolve("standby-engine-state").toString(), "--query-port", Integer.toString(port),
                "--standby-replicas", "1",
                // as the bench's own engine: a crashed member is noticed after 10 s
                "--kafka", "consumer.session.timeout.ms=10000"));
        engineSettings.forEach((key, value) -> args.addAll(List.of("--kafka", key + "=" + value)));
        Service service = Service.measured("standby-engine", Service.Role.ENGINE, home.resolve("logs"),
                Map.of("DTK_ENGINE_QUERY_SECRET", querySecret), args, JVM, List.of());
        service.start();
        return new StandbyProcess(service, port);
    }

    boolean alive() {
        return service.alive();
    }

    Path log() {
        return service.log();
    }

    /** Its metrics page; empty while it does not answer yet. */
    Optional<String> metrics() {
        return MetricsPage.fetch(base + "/metrics");
    }

    boolean ready() {
        return MetricsPage.fetch(base + "/health/ready").isPresent();
    }

    /** {@code name{role="<role>"}} on {@code page}, or -1 when it has none (yet). */
    static double gauge(String page, String name, String role) {
        return MetricsPage.gauge(page, name, "role", role).orElse(-1);
    }

    @Override
    public void close() {
        service.stop();
    }
}
