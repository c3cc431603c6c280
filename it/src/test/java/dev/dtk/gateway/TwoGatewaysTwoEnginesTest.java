package dev.dtk.gateway;

import static dev.dtk.gateway.GatewayClient.BASE;
import static dev.dtk.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.app.AppCatalog;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines share the partitions and two gateways each know one engine only: either gateway answers
 * status and history for any instance, whichever engine owns it, right after a start on the other one.
 */
class TwoGatewaysTwoEnginesTest {

    @TempDir
    static Path dir;
    static LocalDtk dtk;
    static DtkEngine secondEngine;
    static DtkGateway first;
    static DtkGateway second;

    @BeforeAll
    static void start() throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(GatewayApps.orchestrators(), GatewayApps.activities(), Map.of()), engine -> { });
        secondEngine = DtkEngine.start(EngineConfig.builder().bootstrapServers(dtk.bootstrapServers())
                .stateDir(dir.resolve("engine-2")).queryEndpoint("127.0.0.1", "127.0.0.1", 0)
                .querySecret(dtk.engineQuerySecret()).build(),
                GatewayApps.orchestrators());
        first = dtk.startGateway(GatewayConfig.builder().port(0), b -> { });
        second = DtkGateway.builder(GatewayConfig.builder().port(0).bootstrapServers(dtk.bootstrapServers())
                .stateDir(dir.resolve("gateway-2")).engineQuerySecret(dtk.engineQuerySecret())
                .engineUrls(List.of(URI.create(secondEngine.queryUrl().orElseThrow()))).build()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> dtk.engine().state() == KafkaStreams.State.RUNNING
                && secondEngine.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        second.close();
        secondEngine.close();
        dtk.close();
    }

    @Test
    void shouldAnswerForEveryInstanceOnEitherGateway() {
        GatewayClient a = new GatewayClient(first.url(), null);
        GatewayClient b = new GatewayClient(second.url(), null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = (i % 2 == 0 ? a : b).start(GatewayApps.HELLO, "both-" + i, null);
            GatewayClient other = i % 2 == 0 ? b : a;
            assertThat(other.status(id, null).statusCode()).as("status of %s on the other gateway", id)
                    .isIn(200, 202);
            ids.add(id);
        }
        for (String id : ids) {
            for (GatewayClient client : List.of(a, b)) {
                HttpResponse<String> done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> client.status(id, "showHistory=true&showHistoryOutput=true"),
                                r -> r.statusCode() == 200);
                JsonNode history = json(done).get("historyEvents");
                assertThat(history.get(0).get("EventType").asText()).isEqualTo("ExecutionStarted");
                assertThat(history.toString()).contains("Hello London!");
            }
        }
        assertThat(json(a.get(BASE + "/instances?instanceIdPrefix=both-"))).hasSize(12);
        assertThat(json(b.get(BASE + "/instances?instanceIdPrefix=both-"))).hasSize(12);
    }
}
