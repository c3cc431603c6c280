package dev.dtk.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.samples.http.CallHttpWithToken;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.worker.http.HttpSettings;
import dev.dtk.worker.http.LocalEndpoint;
import dev.dtk.worker.http.LocalEndpoint.Answer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Token sources on a real broker against fake token endpoints that issue short-lived tokens: App
 * Service's identity endpoint (its secret header checked), IMDS, an OAuth 2.0 token endpoint and a
 * provider of the app's own; then a scan proving no token and no secret is in any topic record,
 * stored instance, status or log line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenSourcesEndToEndTest {

    private static final String IDENTITY_SECRET = "identity-header-" + UUID.randomUUID();
    private static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();
    private static final List<String> ISSUED = new CopyOnWriteArrayList<>();
    private static final List<String> INSTANCES = new CopyOnWriteArrayList<>();

    @TempDir
    static Path dir;

    private static LocalEndpoint identity;
    private static LocalEndpoint api;
    private static HttpTestCluster cluster;
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static Level dtkLevel;

    @BeforeAll
    static void start() throws Exception {
        captureLogs();
        identity = LocalEndpoint.start()
                .on("/msi/token", r -> r.header("X-IDENTITY-HEADER").orElse("").equals(IDENTITY_SECRET)
                        ? token("appservice", Duration.ofSeconds(2)) : Answer.of(401, "{\"error\":\"bad secret\"}"))
                .on("/imds/token", r -> r.header("Metadata").orElse("").equals("true")
                        ? token("imds", Duration.ofMinutes(60)) : Answer.of(400, "{\"error\":\"no Metadata\"}"))
                .on("/oauth2/token", r -> r.body().contains("client_secret=" + CLIENT_SECRET)
                        ? token("oauth", Duration.ofMinutes(60)) : Answer.of(401, "{\"error\":\"invalid_client\"}"));
        api = LocalEndpoint.start()
                .on("/arm/vm", r -> r.path().endsWith("/op") ? Answer.of(200, "{\"restarted\":true}")
                        : Answer.of(202, null, "Location", "/arm/vm/op", "Retry-After", "3"))
                .on("/api", r -> Answer.of(200, r.header("Authorization").isPresent() ? "authorized" : "anonymous"));
        HttpSettings http = HttpSettings.builder()
                .appServiceIdentity(identity.uri("/msi/token"), IDENTITY_SECRET)
                .credential("partner", new HttpSettings.ClientCredential("app-1", CLIENT_SECRET,
                        identity.uri("/oauth2/token")))
                .tokenProvider(new TokenProvider() {
                    @Override
                    public String kind() {
                        return "vault";
                    }

                    @Override
                    public AccessToken token(CustomTokenSource source) {
                        String token = "tok-vault-" + UUID.randomUUID();
                        ISSUED.add(token);
                        return new AccessToken(token, Instant.now().plusSeconds(600));
                    }
                })
                .build();
        cluster = new HttpTestCluster(dir, http);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        identity.close();
        api.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger("dev.dtk").detachAppender(LOGS);
        context.getLogger("dev.dtk").setLevel(dtkLevel);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(LOGS);
    }

    private static void captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGS.setContext(context);
        LOGS.start();
        ch.qos.logback.classic.Logger dtk = context.getLogger("dev.dtk");
        dtkLevel = dtk.getLevel();
        dtk.setLevel(Level.DEBUG);
        dtk.addAppender(LOGS);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
    }

    private static final AtomicInteger NUMBER = new AtomicInteger();

    /** A fresh token, valid for {@code lifetime}, as Azure's endpoints answer (expires_on in epoch seconds). */
    private static Answer token(String issuer, Duration lifetime) {
        String token = "tok-" + issuer + "-" + NUMBER.incrementAndGet() + "-" + UUID.randomUUID();
        ISSUED.add(token);
        long expiresOn = Instant.now().plus(lifetime).getEpochSecond();
        return Answer.of(200, "{\"access_token\":\"" + token + "\",\"expires_on\":\"" + expiresOn
                + "\",\"resource\":\"r\",\"token_type\":\"Bearer\"}", "Content-Type", "application/json");
    }

    private static JsonNode call(String id, DurableHttpRequest request) {
        INSTANCES.add(id);
        return cluster.call(id, request);
    }

    @Test
    @Order(1)
    void shouldRefreshAShortLivedAppServiceTokenBetweenPollsOfTheCallHttpWithTokenSample() {
        INSTANCES.add("token-1");
        cluster.start("token-1", CallHttpWithToken.NAME, Map.of("url", api.uri("/arm/vm?api-version=2019-03-01")
                .toString(), "resource", "https://management.core.windows.net/.default"));
        InstanceStatus status = cluster.finished("token-1");

        assertThat(status.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(status.output().path("content").asText()).isEqualTo("{\"restarted\":true}");
        String post = api.received("/arm/vm").getFirst().header("Authorization").orElseThrow();
        String poll = api.received("/arm/vm/op").getFirst().header("Authorization").orElseThrow();
        assertThat(post).startsWith("Bearer tok-appservice-");
        assertThat(poll).startsWith("Bearer tok-appservice-").isNotEqualTo(post);
        assertThat(identity.received("/msi/token")).hasSize(2).allSatisfy(asked -> {
            assertThat(asked.header("X-IDENTITY-HEADER")).contains(IDENTITY_SECRET);
            assertThat(asked.query()).isEqualTo("api-version=2019-08-01&resource=https%3A%2F%2Fmanagement.core"
                    + ".windows.net");
        });
    }

    @Test
    @Order(2)
    void shouldAskImdsForAUserAssignedIdentityWithoutTheAppServiceSecret() {
        JsonNode output = call("token-2", DurableHttpRequest.builder(HttpMethod.GET, api.uri("/api/imds"))
                .tokenSource(new ManagedIdentityTokenSource("api://orders", "user-mi-1", identity.uri("/imds/token")))
                .build());

        assertThat(output.path("content").asText()).isEqualTo("authorized");
        assertThat(api.received("/api/imds").getFirst().header("Authorization").orElseThrow())
                .startsWith("Bearer tok-imds-");
        assertThat(identity.received("/imds/token")).singleElement().satisfies(asked -> {
            assertThat(asked.query()).isEqualTo("api-version=2018-02-01&resource=api%3A%2F%2Forders&client_id=user-mi-1");
            assertThat(asked.headers()).doesNotContainKey("X-IDENTITY-HEADER");
        });
    }

    @Test
    @Order(3)
    void shouldSendAClientCredentialsTokenWhoseSecretStaysOnTheWorker() {
        JsonNode output = call("token-3", DurableHttpRequest.builder(HttpMethod.GET, api.uri("/api/partner"))
                .tokenSource(new ClientCredentialsTokenSource(identity.uri("/oauth2/token"), "api://partner/.default",
                        "partner")).build());

        assertThat(output.path("content").asText()).isEqualTo("authorized");
        assertThat(api.received("/api/partner").getFirst().header("Authorization").orElseThrow())
                .startsWith("Bearer tok-oauth-");
    }

    @Test
    @Order(4)
    void shouldSendATokenOfTheAppsOwnProvider() {
        JsonNode output = call("token-4", DurableHttpRequest.builder(HttpMethod.GET, api.uri("/api/vault"))
                .tokenSource(new CustomTokenSource("vault", Map.of("role", "reader"))).build());

        assertThat(output.path("content").asText()).isEqualTo("authorized");
    }

    @Test
    @Order(5)
    void shouldWriteNoTokenAndNoSecretToAnyRecordStateStatusHistoryOrLog() throws Exception {
        List<String> secrets = new ArrayList<>(ISSUED);
        secrets.add(IDENTITY_SECRET);
        secrets.add(CLIENT_SECRET);
        assertThat(ISSUED).as("tokens were issued and used").hasSizeGreaterThanOrEqualTo(5);

        Map<String, Integer> scanned = scanTopics(secrets);
        assertThat(scanned).as("records read per topic").containsKeys("dtk.tasks.http", "dtk.activity-results",
                "dtk.instance-status");
        assertThat(scanned.get("dtk.tasks.http")).isGreaterThanOrEqualTo(5);
        assertThat(scanned.keySet()).anyMatch(topic -> topic.endsWith("-changelog"));

        for (String id : INSTANCES) {
            String state = new String(DtkJson.write(cluster.dtk().engine().localInstance(id).orElseThrow()),
                    StandardCharsets.UTF_8);
            assertThat(state).as("stored state and history of " + id).contains("tokenSource");
            String status = new String(DtkJson.write(cluster.client().getStatus(id).join().orElseThrow()),
                    StandardCharsets.UTF_8);
            for (String secret : secrets) {
                assertThat(state).as("stored state and history of " + id).doesNotContain(secret);
                assertThat(status).as("status of " + id).doesNotContain(secret);
            }
        }
        List<String> lines = LOGS.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
        assertThat(lines).as("log lines captured").isNotEmpty();
        for (String line : lines) {
            for (String secret : secrets) {
                assertThat(line).as("log line").doesNotContain(secret);
            }
        }
    }

    /** Reads every record of every topic (aborted ones too); fails on a secret; returns records read per topic. */
    private static Map<String, Integer> scanTopics(List<String> secrets) throws Exception {
        String bootstrap = cluster.dtk().bootstrapServers();
        Set<String> topics;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            topics = admin.listTopics().names().get();
        }
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "isolation.level", "read_uncommitted", "enable.auto.commit", "false"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(t -> consumer.partitionsFor(t).stream()
                    .map(p -> new TopicPartition(t, p.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading every topic to its end").isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    counts.merge(record.topic(), 1, Integer::sum);
                    StringBuilder text = new StringBuilder();
                    text.append(latin1(record.key())).append(latin1(record.value()));
                    for (Header header : record.headers()) {
                        text.append(header.key()).append(latin1(header.value()));
                    }
                    for (String secret : secrets) {
                        assertThat(text.toString()).as("record of " + record.topic()).doesNotContain(secret);
                    }
                }
            }
        }
        return counts;
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
