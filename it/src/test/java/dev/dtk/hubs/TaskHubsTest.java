package dev.dtk.hubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.client.InstanceQuery;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.observability.Observability;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.samples.SayHello;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.Hub;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two task hubs on one broker (the default hub and {@code billing}), each with its own engine and
 * workers running the same apps, and one gateway serving both: nothing of one is seen in the other.
 */
class TaskHubsTest {

    static final Hub BILLING = Hub.of("billing");
    static final String BASE = "/runtime/webhooks/durabletask";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static LocalDtk dtk;
    static DtkGateway gateway;
    static DtkClient main;
    static DtkClient billing;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        OrchestratorRegistry orchestrators = OrchestratorRegistry.builder()
                .register("Greet", ctx -> ctx.callActivity(SayHello.NAME, ctx.getInput(String.class), String.class)
                        .await() + " " + ctx.waitForExternalEvent("go", String.class).await())
                .build();
        AppCatalog apps = AppCatalog.of(orchestrators,
                ActivityRegistry.builder().register(SayHello.NAME, new SayHello()).build(), Map.of());
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2, apps, Hub.DEFAULT, engine -> { },
                worker -> { }, Observability.none());
        dtk.alongside(BILLING);
        gateway = dtk.startGateway(GatewayConfig.builder().port(0), routes -> { });
        main = gateway.client();
        billing = gateway.client(BILLING);
    }

    @AfterAll
    static void stop() {
        dtk.close();
    }

    @Test
    void shouldRunTheSameOrchestratorUnderTheSameInstanceIdInBothHubsIndependently() {
        main.startNew("Greet", "same-id", "Tokyo").join();
        billing.startNew("Greet", "same-id", "Lima").join();
        awaitStatus(main, "same-id", RuntimeStatus.Running);
        awaitStatus(billing, "same-id", RuntimeStatus.Running);

        main.raiseEvent("same-id", "go", "now").join();

        assertThat(main.waitForCompletion("same-id", TIMEOUT).join().output().asText()).isEqualTo("Hello Tokyo! now");
        assertThat(billing.getStatus("same-id").join().orElseThrow().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        billing.raiseEvent("same-id", "go", "later").join();
        assertThat(billing.waitForCompletion("same-id", TIMEOUT).join().output().asText())
                .isEqualTo("Hello Lima! later");
        assertThat(main.getStatus("same-id").join().orElseThrow().output().asText()).isEqualTo("Hello Tokyo! now");
    }

    @Test
    void shouldNeverShowOneHubsInstancesInTheOthersStatusQueries() {
        billing.startNew("Greet", "billing-only", "Oslo").join();
        awaitStatus(billing, "billing-only", RuntimeStatus.Running);
        main.startNew("Greet", "main-only", "Rome").join();
        awaitStatus(main, "main-only", RuntimeStatus.Running);

        assertThat(main.getStatus("billing-only").join()).isEmpty();
        assertThat(billing.getStatus("main-only").join()).isEmpty();
        assertThat(main.query(InstanceQuery.all(), 1000, null).join().instances())
                .extracting(InstanceStatus::instanceId).contains("main-only").doesNotContain("billing-only");
        assertThat(billing.query(InstanceQuery.all(), 1000, null).join().instances())
                .extracting(InstanceStatus::instanceId).contains("billing-only").doesNotContain("main-only");
    }

    @Test
    void shouldKeepDeadLettersInTheirHub() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", dtk.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(BILLING.commands(), "poisoned", "this is not JSON"))
                    .get(30, TimeUnit.SECONDS);
        }

        JsonNode billingLetters = await().atMost(TIMEOUT).until(() -> json(get("/dtk/dead-letters?taskHub=billing")),
                letters -> letters.size() == 1);
        assertThat(billingLetters.get(0).path("sourceTopic").asText()).isEqualTo("billing.commands");
        assertThat(billingLetters.get(0).path("key").asText()).isEqualTo("poisoned");
        assertThat(json(get("/dtk/dead-letters?taskHub=dtk"))).isEmpty();
        assertThat(json(get("/dtk/dead-letters"))).isEmpty();
    }

    @Test
    void shouldRouteGatewayRequestsByTaskHubAndHandOutUrlsCarryingTheHubUsed() throws Exception {
        HttpResponse<String> started = post(BASE + "/orchestrators/Greet/by-gateway?taskHub=billing", "\"Quito\"");

        assertThat(started.statusCode()).isEqualTo(202);
        JsonNode payload = json(started);
        assertThat(payload.get("statusQueryGetUri").asText())
                .isEqualTo(gateway.url() + BASE + "/instances/by-gateway?taskHub=billing&connection=Kafka");
        assertThat(started.headers().firstValue("Location")).hasValue(payload.get("statusQueryGetUri").asText());
        awaitStatus(billing, "by-gateway", RuntimeStatus.Running);
        assertThat(main.getStatus("by-gateway").join()).isEmpty();
        assertThat(get(BASE + "/instances/by-gateway").statusCode()).isEqualTo(404);
        HttpResponse<String> status = get(BASE + "/instances/by-gateway?taskHub=billing");
        assertThat(status.statusCode()).isEqualTo(202);
        assertThat(status.headers().firstValue("Location"))
                .hasValue(gateway.url() + BASE + "/instances/by-gateway?taskHub=billing");

        assertThat(post(payload.get("sendEventPostUri").asText().replace("{eventName}", "go"), "\"paid\"")
                .statusCode()).isEqualTo(202);
        assertThat(billing.waitForCompletion("by-gateway", TIMEOUT).join().output().asText())
                .isEqualTo("Hello Quito! paid");

        HttpResponse<String> withoutHub = post(BASE + "/orchestrators/Greet", "\"Bern\"");
        assertThat(json(withoutHub).get("statusQueryGetUri").asText()).endsWith("?taskHub=dtk&connection=Kafka");
        String defaultId = json(withoutHub).get("id").asText();
        awaitStatus(main, defaultId, RuntimeStatus.Running);
        assertThat(billing.getStatus(defaultId).join()).isEmpty();

        HttpResponse<String> unknown = get(BASE + "/instances/by-gateway?taskHub=shipping");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("message").asText()).isEqualTo("This gateway serves no task hub 'shipping'; it"
                + " serves dtk, billing (taskHub parameter; without it: dtk).");
    }

    static void awaitStatus(DtkClient client, String id, RuntimeStatus wanted) {
        await().atMost(TIMEOUT).until(() -> client.getStatus(id).join().map(InstanceStatus::runtimeStatus),
                found -> found.equals(Optional.of(wanted)));
    }

    static HttpResponse<String> get(String pathOrUrl) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathOrUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(String pathOrUrl, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : gateway.url() + pathOrUrl);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return DtkJson.mapper().readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
