package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.local.LocalDtk;
import dev.dtk.process.DtkProcess;
import dev.dtk.testkit.EmbeddedKafkaOnly;
import dev.dtk.testkit.FreePorts;
import dev.dtk.testkit.LocalKafka;
import dev.dtk.testkit.TestKafka;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that recovers by itself, on a real broker: the broker stopped for a minute under a
 * running gateway (503 with Retry-After within a second, {@code /health} saying why, everything
 * working again once the broker is back), and a gateway killed with {@code kill -9} right after it
 * acknowledged a start (no status it wrote can stick: only engines write statuses, and another
 * gateway answers 503, never 404, until an engine has processed the start).
 */
class GatewayRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private static final String KEY = "recovery-key";

    @Test
    @EmbeddedKafkaOnly("stops the in-process broker for a minute and starts it again on the same port and data")
    void shouldAnswer503WithinASecondWhileTheBrokerIsDownAndRecoverByItself(@TempDir Path dir) throws Exception {
        int port = FreePorts.one();
        LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"), port);
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), null, 2,
                AppCatalog.of(GatewayApps.orchestrators(), GatewayApps.activities(), Map.of()), engine -> { })) {
            DtkGateway gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(KEY)), b -> { });
            GatewayClient http = new GatewayClient(gateway.url(), KEY);
            String waiting = http.start(GatewayApps.WAIT, "outage-waiting", null);
            await().atMost(WAIT).until(() -> runtimeStatus(http, waiting).equals("Running"));

            kafka.close();
            JsonNode down = GatewayClient.json(await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> http.get("/health"), r -> r.statusCode() == 503
                            && GatewayClient.json(r).path("kafka").asText().equals("unreachable")));
            assertThat(down.path("reason").asText()).isNotBlank();

            long outageEnds = System.nanoTime() + OUTAGE.toNanos();
            int answered = 0;
            while (System.nanoTime() < outageEnds) {
                assertUnavailableFast(http, () -> http.post(GatewayClient.BASE + "/orchestrators/"
                        + GatewayApps.HELLO + "/outage-" + System.nanoTime(), "\"Seoul\""));
                assertUnavailableFast(http, () -> http.post(GatewayClient.BASE + "/instances/" + waiting
                        + "/raiseEvent/go", "\"now\""));
                assertUnavailableFast(http, () -> http.status("never-started-" + System.nanoTime(), null));
                answered += 3;
                Thread.sleep(2_000);
            }
            assertThat(answered).isGreaterThanOrEqualTo(60);

            kafka = LocalKafka.start(dir.resolve("kafka"), port);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(() -> http.get("/health").statusCode() == 200);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> http.post(GatewayClient.BASE
                    + "/instances/" + waiting + "/raiseEvent/go", "\"after the outage\"").statusCode() == 202);
            await().atMost(WAIT).until(() -> runtimeStatus(http, waiting).equals("Completed"));
            assertThat(GatewayClient.json(http.status(waiting, null)).path("output").asText())
                    .isEqualTo("got after the outage");

            String fresh = http.start(GatewayApps.HELLO, "after-outage", "\"Seoul\"");
            await().atMost(WAIT).until(() -> runtimeStatus(http, fresh).equals("Completed"));
        } finally {
            kafka.close();
        }
    }

    @Test
    void shouldNeverLeaveAStatusBehindWhenAGatewayIsKilledRightAfterAcceptingAStart(@TempDir Path dir)
            throws Exception {
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
                LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), null, 2,
                        AppCatalog.of(GatewayApps.orchestrators(), GatewayApps.activities(), Map.of()),
                        engine -> { })) {
            DtkGateway survivor = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(KEY)), b -> { });
            GatewayClient second = new GatewayClient(survivor.url(), KEY);
            dtk.stopEngine();

            int port = FreePorts.one();
            String accepted;
            try (DtkProcess gateway = DtkProcess.start(dir.resolve("logs"), "gateway", Map.of(
                    "DTK_GATEWAY_KEYS", KEY, "DTK_ENGINE_QUERY_SECRET", dtk.engineQuerySecret()),
                    "gateway", "--bootstrap-servers", kafka.bootstrapServers(), "--port", String.valueOf(port),
                    "--state-dir", dir.resolve("killed-gateway").toString())) {
                gateway.awaitOutput("dtk gateway listening on", WAIT);
                GatewayClient first = new GatewayClient("http://localhost:" + port, KEY);
                accepted = first.start(GatewayApps.WAIT, "accepted-then-killed", null);
                assertThat(runtimeStatus(first, accepted)).isEqualTo("Pending");
                gateway.kill();
            }

            HttpResponse<String> meanwhile = second.status(accepted, null);
            assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(503);
            assertThat(meanwhile.headers().firstValue("Retry-After")).isPresent();
            assertThat(GatewayClient.json(meanwhile).path("message").asText()).contains("engines");

            dtk.startEngine().awaitRunning(WAIT);
            await().atMost(WAIT).until(() -> runtimeStatus(second, accepted).equals("Running"));
            assertThat(second.post(GatewayClient.BASE + "/instances/" + accepted + "/terminate?reason=cleanup", null)
                    .statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> runtimeStatus(second, accepted).equals("Terminated"));
            assertThat(second.delete(GatewayClient.BASE + "/instances/" + accepted).statusCode()).isEqualTo(200);
            assertThat(second.status(accepted, null).statusCode()).isEqualTo(404);

            try (TopicReader<InstanceStatus> statuses = new TopicReader<>(kafka.bootstrapServers(),
                    Topics.INSTANCE_STATUS, InstanceStatus.class)) {
                List<InstanceStatus> written = await().atMost(WAIT).until(
                        () -> statuses.values(s -> s != null && accepted.equals(s.instanceId())),
                        all -> all.stream().anyMatch(s -> s.runtimeStatus() == RuntimeStatus.Terminated));
                assertThat(written).extracting(InstanceStatus::runtimeStatus).doesNotContain(RuntimeStatus.Pending);
            }
        }
    }

    private static void assertUnavailableFast(GatewayClient http, java.util.function.Supplier<HttpResponse<String>> call) {
        long started = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = call.get();
        } catch (IllegalStateException e) {
            // no answer at all: say what the gateway said about Kafka then and where its threads were
            throw new AssertionError("no answer after " + Duration.ofNanos(System.nanoTime() - started) + " ("
                    + e.getMessage() + "); /health now: " + http.get("/health").body() + "\n" + gatewayThreads(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).as("answered after %s", took).isLessThan(Duration.ofSeconds(1));
    }

    /** The stacks of the gateway's workers and its client's Kafka threads (they run in this JVM). */
    private static String gatewayThreads() {
        StringBuilder dump = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            String name = thread.getName();
            boolean idle = java.util.Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals("getTask"));
            if (!idle && (name.startsWith("dtk-gateway") || name.startsWith("dtk-client")
                    || name.startsWith("kafka-producer"))) {
                dump.append(name).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
        });
        return dump.toString();
    }

    private static String runtimeStatus(GatewayClient http, String id) {
        HttpResponse<String> response = http.status(id, null);
        return response.statusCode() == 404 || response.statusCode() == 503 ? ""
                : GatewayClient.json(response).path("runtimeStatus").asText();
    }

}
