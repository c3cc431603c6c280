package dev.dtk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.local.LocalDtk;
import dev.dtk.process.DtkProcess;
import dev.dtk.samples.SampleApp;
import dev.dtk.samples.approval.ApprovalWorkflow;
import dev.dtk.testkit.FreePorts;
import dev.dtk.testkit.MetricsPage;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standby replica in an engine process of its own, on a real broker: the process keeps warm copies
 * of every partition while another engine runs them, says so on its {@code /metrics}
 * ({@code dtk_engine_partitions{role="standby"}} and {@code dtk_engine_store_lag_records}), and when
 * that engine crashes it runs every partition with the instances where they were: the waiting
 * approvals take their events and complete.
 */
class StandbyTakeoverTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 2;
    private static final int INSTANCES = 6;
    /** How far a current standby's lag may read: one transaction marker per changelog partition and commit. */
    private static final int MARKERS = 10;

    @Test
    void shouldWarmAStandbyInAnotherProcessAndTakeOverWithTheWaitingInstances(@TempDir Path dir) throws Exception {
        AppCatalog apps = AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { });
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
                LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), null, PARTITIONS, apps,
                        engine -> engine.standbyReplicas(1));
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(kafka.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                ids.add(client.startNew(ApprovalWorkflow.NAME, "approval-" + i, Map.of("amount", i)).join());
            }
            for (String id : ids) {
                awaitStatus(client, id, RuntimeStatus.Running);
            }

            int port = FreePorts.one();
            try (DtkProcess standby = DtkProcess.start(dir.resolve("logs"), "standby-engine",
                    Map.of("DTK_ENGINE_QUERY_SECRET", dtk.engineQuerySecret()), "engine", "--bootstrap-servers",
                    kafka.bootstrapServers(), "--state-dir", dir.resolve("standby-state").toString(), "--query-port",
                    Integer.toString(port), "--standby-replicas", "1")) {
                String metrics = "http://127.0.0.1:" + port + "/metrics";
                try {
                    // the changelogs are small, so Kafka Streams counts the new engine as caught up and may give it
                    // partitions to run at once; of the others it keeps standbys, current up to the transaction markers
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                        double standbys = gauge(metrics, "dtk_engine_partitions", "standby").orElse(0);
                        double active = gauge(metrics, "dtk_engine_partitions", "active").orElse(0);
                        double lag = gauge(metrics, "dtk_engine_store_lag_records", "standby").orElse(-1);
                        return standbys >= 1 && standbys + active == PARTITIONS && lag >= 0 && lag <= MARKERS;
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    String seen = MetricsPage.fetch(metrics).map(page -> page.lines()
                            .filter(line -> line.startsWith("dtk_engine_")).toList().toString()).orElse("no /metrics");
                    throw new AssertionError("the standby did not warm: " + seen + "\n" + standby.output(), e);
                }

                dtk.crashEngine();
                assertThat(gauge(metrics, "dtk_engine_partitions", "active").orElse(0)).isLessThan(PARTITIONS);
                await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> gauge(metrics,
                        "dtk_engine_partitions", "active").orElse(-1) == PARTITIONS);
                String ready = "http://127.0.0.1:" + port + "/health/ready";
                await().atMost(WAIT).until(() -> MetricsPage.fetch(ready).isPresent());

                for (String id : ids) {
                    client.raiseEvent(id, ApprovalWorkflow.EVENT, true).join();
                }
                for (String id : ids) {
                    InstanceStatus done = awaitStatus(client, id, RuntimeStatus.Completed);
                    assertThat(done.output().asText()).isEqualTo("approved");
                }
            }
        }
    }

    private static InstanceStatus awaitStatus(DtkClient client, String id, RuntimeStatus wanted) {
        return await().atMost(WAIT).until(() -> client.getStatus(id).join().orElse(null),
                status -> status != null && status.runtimeStatus() == wanted);
    }

    /** The value of {@code name{role="<role>"}} on the page at {@code url}, when it has one. */
    private static OptionalDouble gauge(String url, String name, String role) {
        return MetricsPage.fetch(url).map(page -> MetricsPage.gauge(page, name, "role", role))
                .orElse(OptionalDouble.empty());
    }
}
