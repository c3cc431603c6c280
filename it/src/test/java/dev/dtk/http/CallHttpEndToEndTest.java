package dev.dtk.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.samples.http.CheckSiteAvailable;
import dev.dtk.samples.http.StartRemoteOrchestration;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.worker.http.HttpSettings;
import dev.dtk.worker.http.LocalEndpoint;
import dev.dtk.worker.http.LocalEndpoint.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * callHttp on a real broker against real HTTP servers: the polling consumer pattern, Azure's
 * async operations, the call's timeout, the samples (one dtk app starting another through the
 * gateway) and an engine restart in the middle of polling.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallHttpEndToEndTest {

    @TempDir
    static Path dir;

    private static LocalEndpoint api;
    private static HttpTestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        api = LocalEndpoint.start();
        cluster = new HttpTestCluster(dir, HttpSettings.builder().build());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        api.close();
    }

    /** Answers 202 with {@code Location: <path>/status} {@code polls} times, then 200 with {@code body}. */
    private static void longRunning(String path, int polls, String retryAfter, String body) {
        AtomicInteger asked = new AtomicInteger();
        api.on(path, r -> {
            if (r.path().equals(path)) {
                return Answer.of(202, "{\"accepted\":true}", "Location", path + "/status", "Retry-After", retryAfter);
            }
            return asked.incrementAndGet() <= polls
                    ? Answer.of(202, null, "Location", path + "/status", "Retry-After", retryAfter)
                    : Answer.of(200, body, "Content-Type", "application/json");
        });
    }

    @Test
    @Order(1)
    void shouldFollowA202ThroughA202ToA200() {
        longRunning("/jobs", 1, "1", "{\"done\":true}");

        JsonNode output = cluster.call("poll-1", DurableHttpRequest.builder(HttpMethod.POST, api.uri("/jobs"))
                .jsonContent(Map.of("job", 1)).header("x-functions-key", "fk").build());

        assertThat(output.path("statusCode").asInt()).isEqualTo(200);
        assertThat(output.path("content").asText()).isEqualTo("{\"done\":true}");
        assertThat(DtkJson.fromTree(output, DurableHttpResponse.class).header("Content-Type"))
                .contains("application/json");
        assertThat(api.received("/jobs")).singleElement().satisfies(post -> {
            assertThat(post.method()).isEqualTo("POST");
            assertThat(post.body()).isEqualTo("{\"job\":1}");
        });
        assertThat(api.received("/jobs/status")).hasSize(2).allSatisfy(poll -> {
            assertThat(poll.method()).isEqualTo("GET");
            assertThat(poll.headers()).doesNotContainKey("x-functions-key");
        });
    }

    @Test
    @Order(2)
    void shouldFollowAnAzureAsyncOperationToTheFinalResource() {
        AtomicInteger monitored = new AtomicInteger();
        api.on("/vms/2", r -> r.method().equals("PUT")
                ? Answer.of(201, "{}", "Azure-AsyncOperation", "/operations/2", "Retry-After", "1")
                : Answer.of(200, "{\"name\":\"vm2\",\"state\":\"running\"}"));
        api.on("/operations/2", r -> Answer.of(200, monitored.incrementAndGet() < 2 ? "{\"status\":\"InProgress\"}"
                : "{\"status\":\"Succeeded\"}", "Retry-After", "1"));

        JsonNode output = cluster.call("azure-1", DurableHttpRequest.builder(HttpMethod.PUT, api.uri("/vms/2"))
                .content("{\"location\":\"west\"}", "application/json").build());

        assertThat(output.path("content").asText()).isEqualTo("{\"name\":\"vm2\",\"state\":\"running\"}");
        assertThat(api.received("/operations/2")).hasSize(2);
        assertThat(api.received("/vms/2")).extracting(LocalEndpoint.Received::method).containsExactly("PUT", "GET");
    }

    @Test
    @Order(3)
    void shouldFailTheCallWhenASlowEndpointOutlastsItsTimeout() {
        api.on("/slow", r -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.of(200, "late");
        });
        long start = System.nanoTime();

        JsonNode output = cluster.call("slow-1", DurableHttpRequest.builder(HttpMethod.GET, api.uri("/slow"))
                .timeout(Duration.ofSeconds(2)).build());

        assertThat(output.asText()).startsWith(HttpCallTimeoutException.class.getName() + ": ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    @Order(4)
    void shouldReturnTheSiteAnswerFromTheCheckSiteAvailableSample() {
        api.on("/site", r -> Answer.of(503, "down for maintenance", "Content-Type", "text/plain"));

        cluster.start("site-1", CheckSiteAvailable.NAME, api.uri("/site").toString());
        InstanceStatus status = cluster.finished("site-1");

        assertThat(status.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(status.output().path("statusCode").asInt()).isEqualTo(503);
        assertThat(status.output().path("content").asText()).isEqualTo("down for maintenance");
        assertThat(status.customStatus().asText()).isEqualTo("the site answered 503");
    }

    @Test
    @Order(5)
    void shouldStartAnOrchestrationThroughAGatewayAndReturnItsOutput() {
        DtkGateway gateway = cluster.dtk().startGateway(GatewayConfig.builder().host("127.0.0.1").port(0)
                .keys(List.of("remote-key")), routes -> { });

        cluster.start("remote-1", StartRemoteOrchestration.NAME, Map.of("gateway", gateway.url(),
                "name", "HelloSequence", "key", "remote-key"));
        InstanceStatus status = cluster.finished("remote-1");

        assertThat(status.runtimeStatus()).as(String.valueOf(status.failureDetails()))
                .isEqualTo(RuntimeStatus.Completed);
        assertThat(status.output()).isEqualTo(DtkJson.toTree(List.of("Hello Tokyo!", "Hello Seattle!",
                "Hello London!")));
    }

    @Test
    @Order(6)
    void shouldResumePollingAfterAnEngineRestartWithoutSendingTheFirstRequestAgain() throws Exception {
        longRunning("/restart", 1, "3", "{\"after\":\"restart\"}");

        cluster.start("restart-1", HttpTestCluster.CALL, DurableHttpRequest.builder(HttpMethod.POST,
                api.uri("/restart")).content("go").build());
        await().atMost(HttpTestCluster.TIMEOUT).until(() -> !cluster.dtk().engine().localTimers("restart-1").isEmpty());
        cluster.dtk().crashEngine();
        cluster.dtk().startEngine().awaitRunning(HttpTestCluster.TIMEOUT);
        InstanceStatus status = cluster.finished("restart-1");

        assertThat(status.output().path("content").asText()).isEqualTo("{\"after\":\"restart\"}");
        assertThat(api.received("/restart")).as("the POST").hasSize(1);
        assertThat(api.received("/restart/status")).hasSize(2);
    }
}
