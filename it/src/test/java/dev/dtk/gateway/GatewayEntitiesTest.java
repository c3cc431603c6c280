package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.client.EntityPage;
import dev.dtk.client.EntityQuery;
import dev.dtk.client.UnknownEntityException;
import dev.dtk.entity.EntityId;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.SampleApp;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.EntityStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The entity routes of the HTTP API and {@link DtkClient}'s entity calls on a real broker, with the
 * samples' {@code Counter}: every status code, reads that see an operation once it has run, paging and
 * filters.
 */
class GatewayEntitiesTest {

    private static final String BASE = GatewayClient.BASE;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static LocalDtk dtk;
    private static GatewayClient http;
    private static DtkClient client;

    @BeforeAll
    static void start() throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { }), engine -> { });
        DtkGateway gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(GatewayCluster.KEY)),
                b -> { });
        http = new GatewayClient(gateway.url(), GatewayCluster.KEY);
        client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers())).stateDir(dir.resolve("client"))
                .engineUrls(List.of(java.net.URI.create(dtk.engine().queryUrl().orElseThrow())))
                .engineQuerySecret(dtk.engineQuerySecret()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        dtk.close();
    }

    private static HttpResponse<String> signal(String name, String key, String op, String json) {
        return http.post(BASE + "/entities/" + name + "/" + key + (op == null ? "" : "?op=" + op), json);
    }

    private static HttpResponse<String> state(String name, String key) {
        return http.get(BASE + "/entities/" + name + "/" + key);
    }

    @Test
    void shouldSignalAndThenReadTheNewStateOnceTheOperationRan() {
        assertThat(state("Counter", "http-1").statusCode()).isEqualTo(404);

        HttpResponse<String> accepted = signal("Counter", "http-1", "add", "5");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEmpty();
        signal("counter", "http-1", "add", "37");

        HttpResponse<String> read = await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> state("COUNTER", "http-1"), r -> r.statusCode() == 200 && r.body().equals("42"));
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));

        assertThat(http.delete(BASE + "/entities/Counter/http-1").statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> state("Counter", "http-1").statusCode() == 404);
        assertThat(GatewayClient.json(state("Counter", "http-1")).path("message").asText())
                .isEqualTo("No entity 'counter' with key 'http-1' exists (an entity exists while it has state).");
    }

    @Test
    void shouldRefuseBadSignalsWith400SayingWhy() {
        assertError(signal("NoSuchEntity", "k", "add", "1"), 400,
                "No entity named 'nosuchentity' is registered. Registered entities: [account, counter, device].");
        assertError(signal("Counter", "k", null, "1"), 400,
                "Please provide the operation to run with the 'op' query parameter, for example ?op=add.");
        assertError(signal("Counter", "k", "add", "{not json"), 400, "The request body is not valid JSON:");
        assertError(http.post(BASE + "/entities/Count%40er/k?op=add", "1"), 400,
                "the entity name 'Count@er' contains '@'; entity names must not");
        assertError(http.send(http.request(BASE + "/entities/Counter/k?op=add").PUT(
                HttpRequest.BodyPublishers.ofString("1"))), 404, "No route PUT");
    }

    @Test
    void shouldTakeTextBodiesAsTextAndOtherBodiesAsJsonWhenTheyAreJson() {
        HttpResponse<String> text = http.post(BASE + "/entities/Device/text-1?op=record", "12.5", "text/plain");
        assertThat(text.statusCode()).isEqualTo(202);
        HttpResponse<String> form = http.post(BASE + "/entities/Device/text-1?op=record", "7.5",
                "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(202);

        JsonNode readings = GatewayClient.json(await().atMost(WAIT).until(() -> state("Device", "text-1"),
                r -> r.statusCode() == 200 && GatewayClient.json(r).path("count").asInt() == 2));
        assertThat(readings.path("sum").asDouble()).isEqualTo(20.0);
    }

    @Test
    void shouldListEntitiesByNameWithTheirStateOnRequestAndPageThroughThem() {
        Instant before = Instant.now();
        IntStream.range(0, 5).forEach(i -> signal("Counter", "list-" + i, "add", Integer.toString(i + 1)));
        signal("Account", "list-a", "deposit", "10");
        await().atMost(WAIT).until(() -> state("Counter", "list-4").statusCode() == 200
                && state("Account", "list-a").statusCode() == 200);

        List<JsonNode> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            HttpRequest.Builder page = http.request(BASE + "/entities/counter?top=2&fetchState=true"
                    + "&lastOperationTimeFrom=" + before.minusSeconds(1));
            if (token != null) {
                page.header(QueryRouteHeader.TOKEN, token);
            }
            HttpResponse<String> response = http.send(page.GET());
            assertThat(response.statusCode()).isEqualTo(200);
            GatewayClient.json(response).forEach(all::add);
            token = response.headers().firstValue(QueryRouteHeader.TOKEN).orElse("");
            pages++;
        } while (!token.isEmpty());

        List<JsonNode> listed = all.stream().filter(e -> e.path("entityId").path("key").asText().startsWith("list-"))
                .toList();
        assertThat(listed).extracting(e -> e.path("entityId").path("key").asText())
                .containsExactly("list-0", "list-1", "list-2", "list-3", "list-4");
        assertThat(listed).extracting(e -> e.path("state").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(listed).allSatisfy(e -> {
            assertThat(e.path("entityId").path("name").asText()).isEqualTo("counter");
            assertThat(Instant.parse(e.path("lastOperationTime").asText())).isAfter(before.minusSeconds(1));
        });
        assertThat(pages).isGreaterThanOrEqualTo(3);

        JsonNode withoutState = GatewayClient.json(http.get(BASE + "/entities?top=100"));
        assertThat(withoutState).anySatisfy(e -> assertThat(e.path("entityId").path("name").asText())
                .isEqualTo("account"));
        assertThat(withoutState).allSatisfy(e -> assertThat(e.has("state")).isFalse());
        JsonNode none = GatewayClient.json(http.get(BASE + "/entities/counter?lastOperationTimeTo="
                + before.minusSeconds(3600)));
        assertThat(none).isEmpty();
        assertThat(GatewayClient.json(http.get(BASE + "/instances?instanceIdPrefix=%40"))).as("entities are not"
                + " instances").isEmpty();
    }

    @Test
    void shouldSignalReadAndQueryEntitiesFromJava() {
        EntityId counter = EntityId.of("Counter", "java-1");
        client.signalEntity(counter, "add", 3).join();
        client.signalEntity(counter, "add", 4).join();

        EntityStatus status = await().atMost(WAIT).until(() -> client.getEntity(counter).join(),
                found -> found.map(s -> s.state().asInt() == 7).orElse(false)).orElseThrow();
        assertThat(status.entityId()).isEqualTo("@counter@java-1");
        EntityPage page = client.queryEntities(EntityQuery.named("counter"), 1000, null).join();
        assertThat(page.entities()).extracting(EntityStatus::key).contains("java-1");

        assertThat(client.getEntity(EntityId.of("Counter", "never")).join()).isEqualTo(Optional.empty());
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.signalEntity(EntityId.of("Nope", "x"),
                "add", 1).join())).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(UnknownEntityException.class);
    }

    private static void assertError(HttpResponse<String> response, int status, String messageStart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(GatewayClient.json(response).path("message").asText()).startsWith(messageStart);
    }

    /** The continuation header, as the query routes name it. */
    private static final class QueryRouteHeader {
        static final String TOKEN = "x-ms-continuation-token";
    }
}
