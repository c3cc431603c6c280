package dev.dtk.gateway;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** dtk on a real broker with one engine and one gateway that requires keys; one per test class. */
final class GatewayCluster implements AutoCloseable {

    static final String KEY = "test-key-1";
    static final String OTHER_KEY = "test-key-2";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LocalDtk dtk;
    private final DtkGateway gateway;
    private final GatewayClient client;

    GatewayCluster(Path dir) throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        this.dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(GatewayApps.orchestrators(), GatewayApps.activities(), Map.of()), engine -> { });
        this.gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(KEY, OTHER_KEY)), b -> { });
        this.client = new GatewayClient(gateway.url(), KEY);
    }

    LocalDtk dtk() {
        return dtk;
    }

    DtkGateway gateway() {
        return gateway;
    }

    GatewayClient client() {
        return client;
    }

    /** Waits until the status route answers {@code code} and returns the status object. */
    JsonNode awaitStatusCode(String id, int code) {
        HttpResponse<String> response = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> client.status(id, null), r -> r.statusCode() == code);
        return GatewayClient.json(response);
    }

    /** Waits until the instance has {@code runtimeStatus} and returns the status object. */
    JsonNode awaitRuntimeStatus(String id, String runtimeStatus) {
        HttpResponse<String> response = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> client.status(id, null), r -> r.statusCode() != 404
                        && GatewayClient.json(r).path("runtimeStatus").asText().equals(runtimeStatus));
        return GatewayClient.json(response);
    }

    @Override
    public void close() {
        dtk.close();
    }
}
