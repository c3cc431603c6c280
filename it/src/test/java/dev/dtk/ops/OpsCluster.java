package dev.dtk.ops;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.observability.Observability;
import dev.dtk.samples.SampleApp;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The samples on a real broker, an engine, workers and one gateway that requires a key, recording into {@code observability}. */
final class OpsCluster implements AutoCloseable {

    static final String KEY = "ops-test-key";
    static final String BASE = "/runtime/webhooks/durabletask";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LocalDtk dtk;
    private final DtkGateway gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    OpsCluster(Path dir, Observability observability) throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        this.dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { }), engine -> { },
                observability);
        this.gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(KEY)), routes -> { });
    }

    LocalDtk dtk() {
        return dtk;
    }

    DtkGateway gateway() {
        return gateway;
    }

    /** Starts {@code name} through the gateway, with {@code headers} on the request; returns the instance ID. */
    String start(String name, String id, String inputJson, Map<String, String> headers) {
        HttpRequest.Builder request = request(BASE + "/orchestrators/" + name + (id == null ? "" : "/" + id))
                .header("Content-Type", "application/json")
                .POST(inputJson == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(inputJson));
        headers.forEach(request::header);
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 202) {
            throw new AssertionError("start of " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return json(response).get("id").asText();
    }

    /** Signals {@code operation} with {@code inputJson} to the entity through the gateway; fails unless it is taken. */
    void signal(String name, String key, String operation, String inputJson) {
        HttpResponse<String> response = send(request(BASE + "/entities/" + name + "/" + key + "?op=" + operation)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(inputJson)));
        if (response.statusCode() != 202) {
            throw new AssertionError("signal " + operation + " to " + name + "/" + key + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /** Waits until the instance has {@code runtimeStatus}; returns its status object (with history). */
    JsonNode awaitStatus(String id, String runtimeStatus) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> status(id), s -> s != null && runtimeStatus.equals(s.path("runtimeStatus").asText()));
    }

    JsonNode status(String id) {
        HttpResponse<String> response = get(BASE + "/instances/" + id + "?showHistory=true&showHistoryOutput=true");
        return response.statusCode() == 404 ? null : json(response);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> getUrl(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + path)).timeout(Duration.ofSeconds(30))
                .header("x-functions-key", KEY);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return DtkJson.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    @Override
    public void close() {
        dtk.close();
    }
}
