package dev.dtk.gateway;

import static dev.dtk.gateway.GatewayClient.BASE;
import static dev.dtk.gateway.GatewayClient.json;
import static dev.dtk.gateway.GatewayCluster.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.testkit.HostileClients;
import dev.dtk.testkit.HostileClients.Kind;
import dev.dtk.testkit.RawHttpConnection;
import dev.dtk.testkit.RawHttpConnection.Answer;
import dev.dtk.topics.json.DtkJson;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients against gateways on a real broker, through real sockets: callers
 * without a key cost a 401 and nothing more, slow and idle connections cost no thread and are
 * closed, connection limits answer 503, forwarded headers count only from trusted proxies, and the
 * engine's query endpoint answers only callers with its secret.
 */
class GatewaySecurityTest {

    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final String START = BASE + "/orchestrators/" + GatewayApps.HELLO;

    @TempDir
    static Path dir;
    static GatewayCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(dir);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A further gateway on the cluster, with keys and {@code settings}. */
    private static DtkGateway gateway(UnaryOperator<GatewayConfig.Builder> settings) {
        return cluster.dtk().startGateway(settings.apply(GatewayConfig.builder().port(0).keys(List.of(KEY))),
                routes -> { });
    }

    @Test
    void shouldAnswerKeyedRequestsAtUsualLatencyWhileHundredsOfSlowAndIdleConnectionsHangOn() {
        DtkGateway gateway = gateway(b -> b.maxConnectionsPerAddress(1000));
        GatewayClient keyed = new GatewayClient(gateway.url(), KEY);
        String id = keyed.start(GatewayApps.HELLO, null, null);
        await().atMost(GatewayCluster.TIMEOUT).until(() -> keyed.status(id, null).statusCode() == 200);
        statusGets(keyed, id, 100);
        long[] quiet = statusGets(keyed, id, 300);

        try (HostileClients anonymous = HostileClients.against(gateway.url(), null, START, Duration.ofMillis(500))
                        .open(Kind.IDLE, 100).open(Kind.SLOW_HEADERS, 100).open(Kind.SLOW_BODY, 100);
                HostileClients keyedSlowBodies = HostileClients.against(gateway.url(), null, START,
                        Duration.ofMillis(500)).open(Kind.SLOW_BODY, 100, "x-functions-key: " + KEY)) {
            await().atMost(ANSWER).until(() -> anonymous.answers(Kind.SLOW_BODY).getOrDefault(401, 0L) == 100
                    && anonymous.stillOpen(Kind.SLOW_BODY) == 0);
            long[] attacked = statusGets(keyed, id, 300);
            HttpResponse<String> started = keyed.post(START, null);

            System.out.printf("keyed status GET, 300 one at a time: p50 %.1f ms, p99 %.1f ms without attack;"
                            + " p50 %.1f ms, p99 %.1f ms with 100 idle, 100 slow-header and 100 slow-body connections"
                            + " without a key and 100 slow bodies with one (open now: %s and %d keyed bodies)%n",
                    p(quiet, 50), p(quiet, 99), p(attacked, 50), p(attacked, 99), anonymous.stillOpen(),
                    keyedSlowBodies.stillOpen(Kind.SLOW_BODY));
            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(anonymous.stillOpen(Kind.IDLE)).isEqualTo(100);
            assertThat(anonymous.stillOpen(Kind.SLOW_HEADERS)).isEqualTo(100);
            assertThat(keyedSlowBodies.stillOpen(Kind.SLOW_BODY))
                    .as("keyed slow bodies are still being read, more than there are worker threads").isEqualTo(100);
            assertThat(p(attacked, 99)).as("p99 under attack, ms").isLessThan(2_000);
        }
    }

    /** {@code count} keyed status GETs one after the other, each answered 200; their latencies in ms, sorted. */
    private static long[] statusGets(GatewayClient client, String id, int count) {
        long[] micros = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.status(id, null);
            micros[i] = (System.nanoTime() - start) / 1_000;
            assertThat(response.statusCode()).isEqualTo(200);
        }
        java.util.Arrays.sort(micros);
        return micros;
    }

    private static double p(long[] sortedMicros, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.length) - 1;
        return sortedMicros[Math.max(0, index)] / 1000.0;
    }

    @Test
    void shouldAnswer401WithoutReadingTheBodyOfACallerWithoutAValidKey() {
        String url = cluster.gateway().url();
        for (String keyHeader : List.of("x-functions-key: not-the-key", "X-Nothing: 1")) {
            try (RawHttpConnection connection = RawHttpConnection.open(url, null)) {
                connection.send(RawHttpConnection.head("POST", START + "?code=wrong", keyHeader,
                        "Content-Type: application/json", "Content-Length: 1000000000"));

                Answer answer = connection.read(ANSWER);

                assertThat(answer.status()).as(keyHeader).isEqualTo(401);
                assertThat(answer.body()).isEmpty();
                assertThat(answer.header("Connection")).isEqualTo("close");
                assertThat(connection.closedWithin(ANSWER)).isTrue();
            }
        }
    }

    @Test
    void shouldAnswer408WhenABodyPausesOrTakesTooLongAnd413WhenItIsTooLarge() throws Exception {
        DtkGateway gateway = gateway(b -> b.readTimeout(Duration.ofMillis(300)).bodyTimeout(Duration.ofMillis(1500))
                .maxBodyBytes(1000));
        String head = RawHttpConnection.head("POST", START, "x-functions-key: " + KEY, "Content-Type: application/json",
                "Content-Length: 100");
        try (RawHttpConnection paused = RawHttpConnection.open(gateway.url(), null)) {
            paused.send(head + "{\"a\":");
            assertError(paused.read(ANSWER), 408, "No byte of the request body arrived for 300 ms.");
            assertThat(paused.closedWithin(ANSWER)).isTrue();
        }
        try (RawHttpConnection slow = RawHttpConnection.open(gateway.url(), null)) {
            slow.send(head);
            Thread dribbler = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 40 && slow.send(" "); i++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                }
            });
            assertError(slow.read(ANSWER), 408,
                    "The request body did not arrive within 1500 ms; send it faster or in smaller requests.");
            assertThat(slow.closedWithin(ANSWER)).isTrue();
            dribbler.join();
        }
        try (RawHttpConnection chunked = RawHttpConnection.open(gateway.url(), null)) {
            chunked.send(RawHttpConnection.head("POST", START, "x-functions-key: " + KEY,
                    "Content-Type: application/json", "Transfer-Encoding: chunked")
                    + "5dc\r\n\"" + "x".repeat(1498) + "\"\r\n0\r\n\r\n");
            assertError(chunked.read(ANSWER), 413, "The request body is larger than the limit of 1000 bytes.");
        }
        try (RawHttpConnection huge = RawHttpConnection.open(gateway.url(), null)) {
            huge.send(RawHttpConnection.head("POST", START, "x-functions-key: " + KEY, "Content-Length: 5000"));
            assertError(huge.read(ANSWER), 413, "The request body (5000 bytes) is larger than the limit of 1000 bytes.");
            assertThat(huge.closedWithin(ANSWER)).isTrue();
        }
    }

    @Test
    void shouldCloseIdleConnectionsAndConnectionsThatSendTheirHeadersTooSlowly() {
        DtkGateway gateway = gateway(b -> b.idleTimeout(Duration.ofMillis(500)).headerTimeout(Duration.ofMillis(800)));
        try (RawHttpConnection idle = RawHttpConnection.open(gateway.url(), null);
                RawHttpConnection slowHeaders = RawHttpConnection.open(gateway.url(), null);
                RawHttpConnection keptAlive = RawHttpConnection.open(gateway.url(), null)) {
            keptAlive.send(RawHttpConnection.head("GET", BASE + "/instances?top=1", "x-functions-key: " + KEY));
            assertThat(keptAlive.read(ANSWER).status()).isEqualTo(200);
            slowHeaders.send("GET " + BASE + "/instances HTTP/1.1\r\nHost: dtk\r\n");
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 40 && slowHeaders.send("X"); i++) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                }
            });

            assertThat(idle.closedWithin(Duration.ofSeconds(5))).as("idle").isTrue();
            assertThat(keptAlive.closedWithin(Duration.ofSeconds(5))).as("idle after a request").isTrue();
            assertThat(slowHeaders.closedWithin(Duration.ofSeconds(5))).as("slow headers").isTrue();
        }
    }

    @Test
    void shouldAnswer503WithRetryAfterOverTheConnectionLimits() {
        DtkGateway gateway = gateway(b -> b.maxConnections(5).maxConnectionsPerAddress(2));
        String get = RawHttpConnection.head("GET", BASE + "/instances?top=1", "x-functions-key: " + KEY);
        List<RawHttpConnection> open = new ArrayList<>();
        try {
            open.add(connect(gateway, "127.0.0.2", 1));
            open.add(connect(gateway, "127.0.0.2", 2));
            try (RawHttpConnection third = connect(gateway, "127.0.0.2", 3)) {
                third.send(get);
                Answer answer = third.read(ANSWER);
                assertError(answer, 503, "Too many open connections from your address (limit 2). Try again in 2 s.");
                assertThat(answer.header("Retry-After")).isEqualTo("2");
                assertThat(third.closedWithin(ANSWER)).isTrue();
            }
            await().atMost(ANSWER).until(() -> gateway.openConnections() == 2);
            open.add(connect(gateway, "127.0.0.1", 3));
            open.getLast().send(get);
            assertThat(open.getLast().read(ANSWER).status()).as("another address").isEqualTo(200);
            open.add(connect(gateway, "127.0.0.3", 4));
            open.add(connect(gateway, "127.0.0.4", 5));
            try (RawHttpConnection sixth = connect(gateway, "127.0.0.5", 6)) {
                sixth.send(get);
                assertError(sixth.read(ANSWER), 503, "The gateway has too many open connections (limit 5). Try again"
                        + " in 2 s.");
            }

            open.removeFirst().close();
            await().atMost(ANSWER).until(() -> gateway.openConnections() == 4);
            try (RawHttpConnection again = connect(gateway, "127.0.0.2", 5)) {
                again.send(get);
                assertThat(again.read(ANSWER).status()).as("once a connection closed").isEqualTo(200);
            }
        } finally {
            open.forEach(RawHttpConnection::close);
        }
    }

    /** Opens a connection from {@code from} and waits until the gateway counts {@code expectedOpen} in all. */
    private static RawHttpConnection connect(DtkGateway gateway, String from, int expectedOpen) {
        RawHttpConnection connection = RawHttpConnection.open(gateway.url(), from);
        await().atMost(ANSWER).until(() -> gateway.openConnections() == expectedOpen);
        return connection;
    }

    @Test
    void shouldHonourForwardedHeadersOnlyFromTrustedProxies() throws Exception {
        DtkGateway gateway = gateway(b -> b.trustedProxies(List.of("127.0.0.2/32")));
        HttpClient direct = HttpClient.newHttpClient();
        HttpClient viaProxy = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2")).build();

        String fromAnyone = statusUri(direct, gateway, "X-Forwarded-Host", "dtk.example.com", "X-Forwarded-Proto",
                "https");
        String fromProxy = statusUri(viaProxy, gateway, "X-Forwarded-Host", "dtk.example.com", "X-Forwarded-Proto",
                "https");
        String standard = statusUri(viaProxy, gateway, "Forwarded", "for=192.0.2.60;proto=https;host=\"dtk.example.org\"");
        String bogus = statusUri(viaProxy, gateway, "X-Forwarded-Host", "evil.example/steal?x=", "X-Forwarded-Proto",
                "javascript");

        assertThat(fromAnyone).startsWith(gateway.url() + BASE + "/instances/");
        assertThat(fromProxy).startsWith("https://dtk.example.com" + BASE + "/instances/");
        assertThat(standard).startsWith("https://dtk.example.org" + BASE + "/instances/");
        assertThat(bogus).startsWith(gateway.url() + BASE + "/instances/");
    }

    private static String statusUri(HttpClient http, DtkGateway gateway, String... headers) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url() + START))
                .header("x-functions-key", KEY).headers(headers).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        return json(response).get("statusQueryGetUri").asText();
    }

    @Test
    void shouldAskForTheBodyWhenTheCallerExpects100Continue() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cluster.gateway().url() + START)).expectContinue(true)
                .header("x-functions-key", KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("\"" + "x".repeat(100_000) + "\"")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswerEngineQueriesOnlyWithTheSecret() throws Exception {
        String engine = cluster.dtk().engine().queryUrl().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        for (String authorization : List.of("", "Bearer wrong-secret", "Bearer " + cluster.dtk().engineQuerySecret())) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine + "/orchestrators"));
            if (!authorization.isEmpty()) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            statuses.put(authorization.isEmpty() ? "none" : authorization.contains("wrong") ? "wrong" : "right",
                    response.statusCode());
            if (response.statusCode() == 401) {
                assertThat(json(response).get("error").asText()).isEqualTo("this engine's query endpoint requires the"
                        + " query secret (Authorization: Bearer <DTK_ENGINE_QUERY_SECRET>)");
            }
        }
        assertThat(statuses).containsExactly(Map.entry("none", 401), Map.entry("wrong", 401), Map.entry("right", 200));

        String id = cluster.client().start(GatewayApps.HELLO, null, null);
        cluster.awaitStatusCode(id, 200);
        try (DtkGateway wrongSecret = DtkGateway.builder(GatewayConfig.builder().port(0)
                .bootstrapServers(cluster.dtk().bootstrapServers()).stateDir(dir.resolve("gateway-wrong-secret"))
                .engineUrls(List.of(URI.create(engine))).engineQuerySecret("wrong-secret").build()).start()) {
            HttpResponse<String> history = new GatewayClient(wrongSecret.url(), null).status(id, "showHistory=true");
            assertError(history, 503, "The engine at " + engine + " refused the query: wrong secret;"
                    + " DTK_ENGINE_QUERY_SECRET must be the engines' secret.");
        }
    }

    private static void assertError(Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(DtkJson.read(answer.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("message")
                .asText()).isEqualTo(message);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).get("message").asText()).isEqualTo(message);
    }
}
