package dev.dtk.gateway;

import static dev.dtk.gateway.GatewayClient.BASE;
import static dev.dtk.gateway.GatewayClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, status, query, keys and bad input, through real HTTP against a gateway on a real broker. */
class GatewayStartAndStatusTest {

    @TempDir
    static Path dir;
    static GatewayCluster cluster;
    static GatewayClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new GatewayCluster(dir);
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void shouldAnswerStartWithCheckStatusPayloadCarryingTheKey() {
        HttpResponse<String> response = client.post(BASE + "/orchestrators/HelloSequence?taskHub=dtk&connection=C",
                "\"ignored\"");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        String id = body.get("id").asText();
        assertThat(id).matches("[0-9a-f]{32}");
        String instance = client.url() + BASE + "/instances/" + id;
        String common = "taskHub=dtk&connection=C&code=" + GatewayCluster.KEY;
        assertThat(body.get("statusQueryGetUri").asText()).isEqualTo(instance + "?" + common);
        assertThat(body.get("sendEventPostUri").asText()).isEqualTo(instance + "/raiseEvent/{eventName}?" + common);
        assertThat(body.get("terminatePostUri").asText()).isEqualTo(instance + "/terminate?reason={text}&" + common);
        assertThat(body.get("purgeHistoryDeleteUri").asText()).isEqualTo(instance + "?" + common);
        assertThat(body.get("restartPostUri").asText()).isEqualTo(instance + "/restart?" + common);
        assertThat(body.get("suspendPostUri").asText()).isEqualTo(instance + "/suspend?reason={text}&" + common);
        assertThat(body.get("resumePostUri").asText()).isEqualTo(instance + "/resume?reason={text}&" + common);
        assertThat(body.fieldNames()).toIterable().containsExactly("id", "statusQueryGetUri", "sendEventPostUri",
                "terminatePostUri", "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri");
        assertThat(response.headers().firstValue("Location")).hasValue(instance + "?" + common);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }

    @Test
    void shouldNeverAnswer404RightAfterStart() {
        for (int i = 0; i < 20; i++) {
            String id = client.start(GatewayApps.WAIT, null, null);
            HttpResponse<String> status = client.status(id, null);
            assertThat(status.statusCode()).as("status right after start of %s", id).isEqualTo(202);
            assertThat(json(status).get("runtimeStatus").asText()).isIn("Pending", "Running");
        }
    }

    @Test
    void shouldAnswer202WithLocationWhileRunningAnd200WhenCompleted() {
        String id = "wait-" + UUID.randomUUID();
        client.start(GatewayApps.WAIT, id, "{\"who\":\"me\"}");
        cluster.awaitRuntimeStatus(id, "Running");

        HttpResponse<String> running = client.status(id, "showInput=true");
        assertThat(running.statusCode()).isEqualTo(202);
        assertThat(running.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(running.headers().firstValue("Location")).hasValue(client.url() + BASE + "/instances/" + id
                + "?showInput=true&taskHub=dtk&code=" + GatewayCluster.KEY);
        JsonNode body = json(running);
        assertThat(body.fieldNames()).toIterable().containsExactly("name", "instanceId", "runtimeStatus", "input",
                "customStatus", "output", "createdTime", "lastUpdatedTime");
        assertThat(body.get("input").get("who").asText()).isEqualTo("me");
        assertThat(body.get("output").isNull()).isTrue();
        assertThat(body.get("createdTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        client.post(BASE + "/instances/" + id + "/raiseEvent/go", "\"now\"");

        JsonNode done = cluster.awaitStatusCode(id, 200);
        assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(done.get("output").asText()).isEqualTo("got now");
        assertThat(client.status(id, "showInput=false").body()).contains("\"input\":null");
    }

    @Test
    void shouldRefuseStartOfLiveInstanceIdAndStartFinishedOneAfresh() {
        String id = "again-" + UUID.randomUUID();
        client.start(GatewayApps.WAIT, id, null);

        HttpResponse<String> conflict = client.post(BASE + "/orchestrators/WaitForGo/" + id, null);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(json(conflict).get("message").asText()).startsWith("An instance with ID '" + id
                + "' already exists and is ");

        client.post(BASE + "/instances/" + id + "/raiseEvent/go", "\"one\"");
        cluster.awaitStatusCode(id, 200);
        client.start(GatewayApps.WAIT, id, null);
        client.post(BASE + "/instances/" + id + "/raiseEvent/go", "\"two\"");
        assertThat(cluster.awaitStatusCode(id, 200).get("output").asText()).isEqualTo("got two");
    }

    @Test
    void shouldWaitForCompletionWithTimeoutAndPollingInterval() {
        HttpResponse<String> done = client.post(BASE + "/orchestrators/HelloSequence?timeout=30&pollingInterval=1",
                null);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(json(done).get(0).asText()).isEqualTo("Hello Tokyo!");

        HttpResponse<String> notYet = client.post(BASE + "/orchestrators/WaitForGo?timeout=1&pollingInterval=1", null);
        assertThat(notYet.statusCode()).isEqualTo(202);
        assertThat(json(notYet).has("statusQueryGetUri")).isTrue();
    }

    @Test
    void shouldAnswerFailedWith200Or500WhenAsked() {
        GatewayApps.FAILING.set(true);
        String id = client.start(GatewayApps.FLAKY, null, null);
        JsonNode failed = cluster.awaitRuntimeStatus(id, "Failed");
        assertThat(failed.get("output").asText()).contains("flaky is failing");
        assertThat(client.status(id, null).statusCode()).isEqualTo(200);
        assertThat(client.status(id, "returnInternalServerErrorOnFailure=true").statusCode()).isEqualTo(500);
    }

    @Test
    void shouldShowHistoryFromTheEngine() {
        String id = client.start(GatewayApps.HELLO, null, null);
        cluster.awaitStatusCode(id, 200);

        JsonNode plain = json(client.status(id, "showHistory=true"));
        JsonNode withOutput = json(client.status(id, "showHistory=true&showHistoryOutput=true"));

        JsonNode events = plain.get("historyEvents");
        assertThat(events.get(0).get("EventType").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(0).get("FunctionName").asText()).isEqualTo("HelloSequence");
        assertThat(events.get(1).get("EventType").asText()).isEqualTo("TaskCompleted");
        assertThat(events.get(1).get("FunctionName").asText()).isEqualTo("SayHello");
        assertThat(events.get(1).has("ScheduledTime")).isTrue();
        assertThat(events.get(1).get("Result").isNull()).isTrue();
        assertThat(events.get(events.size() - 1).get("EventType").asText()).isEqualTo("ExecutionCompleted");
        assertThat(events.get(events.size() - 1).get("OrchestrationStatus").asText()).isEqualTo("Completed");
        assertThat(withOutput.get("historyEvents").get(1).get("Result").asText()).isEqualTo("Hello Tokyo!");
        assertThat(json(client.status(id, null)).has("historyEvents")).isFalse();
    }

    @Test
    void shouldListWithFiltersAndPageWithContinuationToken() {
        String prefix = "list-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 5; i++) {
            client.start(GatewayApps.WAIT, prefix + i, null);
        }
        client.post(BASE + "/instances/" + prefix + "0/raiseEvent/go", "\"x\"");
        cluster.awaitStatusCode(prefix + "0", 200);

        List<String> ids = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            HttpRequest.Builder request = client.request(BASE + "/instances?top=2&instanceIdPrefix=" + prefix);
            if (!token.isEmpty()) {
                request.header("x-ms-continuation-token", token);
            }
            HttpResponse<String> page = client.send(request.GET());
            assertThat(page.statusCode()).isEqualTo(200);
            json(page).forEach(s -> ids.add(s.get("instanceId").asText()));
            token = page.headers().firstValue("x-ms-continuation-token").orElseThrow();
            pages++;
        } while (!token.isEmpty());
        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);

        assertThat(json(client.get(BASE + "/instances?instanceIdPrefix=" + prefix + "&runtimeStatus=Completed")))
                .extracting(s -> s.get("instanceId").asText()).containsExactly(prefix + 0);
        assertThat(json(client.get(BASE + "/instances?instanceIdPrefix=" + prefix
                + "&runtimeStatus=Running,Pending&runtimeStatus=Suspended"))).hasSize(4);
        assertThat(json(client.get(BASE + "/instances?instanceIdPrefix=" + prefix
                + "&createdTimeFrom=2000-01-01T00:00:00Z&createdTimeTo=2999-01-01T00:00:00Z&showInput=false")))
                .hasSize(5);
        assertThat(json(client.get(BASE + "/instances?instanceIdPrefix=" + prefix
                + "&createdTimeFrom=2999-01-01T00:00:00Z"))).isEmpty();
        assertThat(json(client.get(BASE + "/instances?instanceIdPrefix=" + prefix
                + "&createdTimeTo=2000-01-01T00:00:00Z&unknownParam=1"))).isEmpty();
    }

    @Test
    void shouldAnswer400NamingTheBadParameter() {
        assertError(client.get(BASE + "/instances?top=zero"), 400,
                "The value of parameter 'top' must be a positive whole number, got 'zero'.");
        assertError(client.get(BASE + "/instances?runtimeStatus=Sleeping"), 400,
                "The value of parameter 'runtimeStatus' has unknown runtime status 'Sleeping'; use [Pending, Running,"
                        + " Completed, ContinuedAsNew, Failed, Terminated, Suspended].");
        assertError(client.get(BASE + "/instances?createdTimeFrom=yesterday"), 400,
                "The value of parameter 'createdTimeFrom' must be an ISO-8601 time such as 2026-01-31T12:00:00Z, got"
                        + " 'yesterday'.");
        assertError(client.get(BASE + "/instances/x?showHistory=maybe"), 400,
                "The value of parameter 'showHistory' must be true or false, got 'maybe'.");
    }

    @Test
    void shouldRefuseBadStartsWithoutWritingToKafka() {
        assertError(client.post(BASE + "/orchestrators/NoSuchThing/bad-1", null), 400,
                "The function 'NoSuchThing' doesn't exist, is disabled, or is not an orchestrator function."
                        + " Registered orchestrators: [FlakyWork, HelloSequence, WaitForGo].");
        assertError(client.post(BASE + "/orchestrators/HelloSequence/bad-2", "{not json"), 400, null);
        assertError(client.post(BASE + "/orchestrators/HelloSequence/%40entity", null), 400,
                "The instance ID '@entity' must not start with '@' (reserved for entities).");
        assertError(client.post(BASE + "/orchestrators/HelloSequence/a%23b", null), 400, null);
        assertError(client.post(BASE + "/orchestrators/HelloSequence/bad-3?timeout=1&pollingInterval=5", null), 400,
                "The value of parameter 'pollingInterval' (5 s) must not be greater than 'timeout' (1 s).");
        for (String id : List.of("bad-1", "bad-2", "bad-3")) {
            assertThat(client.status(id, null).statusCode()).as(id).isEqualTo(404);
        }
    }

    @Test
    void shouldStartThroughTheSampleRoutes() {
        HttpResponse<String> plain = client.post("/orchestrators/HelloSequence", null);
        HttpResponse<String> api = client.post("/api/orchestrators/HelloSequence", null);

        HttpResponse<String> withId = client.post("/api/orchestrators/HelloSequence/sample-route-1", null);

        assertThat(plain.statusCode()).isEqualTo(202);
        assertThat(api.statusCode()).isEqualTo(202);
        assertThat(withId.statusCode()).isEqualTo(202);
        assertThat(json(withId).get("id").asText()).isEqualTo("sample-route-1");
        cluster.awaitStatusCode(json(api).get("id").asText(), 200);
    }

    @Test
    void shouldRequireAKeyInHeaderOrCode() {
        GatewayClient anonymous = new GatewayClient(client.url(), null);
        GatewayClient wrong = new GatewayClient(client.url(), "not-the-key");
        String path = BASE + "/instances?top=1";

        HttpResponse<String> denied = anonymous.get(path);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).isEmpty();
        assertThat(wrong.get(path).statusCode()).isEqualTo(401);
        assertThat(anonymous.post(BASE + "/orchestrators/HelloSequence/denied", null).statusCode()).isEqualTo(401);
        assertThat(client.get(path).statusCode()).isEqualTo(200);
        assertThat(anonymous.get(path + "&code=" + GatewayCluster.OTHER_KEY).statusCode()).isEqualTo(200);
        assertThat(client.status("denied", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseBodyOverTheLimitWith413() {
        // over the limit, but within what the gateway reads and drops so that the caller gets to read the
        // answer (four times the limit; a body larger still is cut off at once, see GatewaySecurityTest)
        String big = "\"" + "x".repeat(600 * 1024) + "\"";

        assertError(client.post(BASE + "/orchestrators/HelloSequence/too-big", big), 413,
                "The request body (614402 bytes) is larger than the limit of 262144 bytes.");
        assertThat(client.status("too-big", null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldAnswer404ForUnknownRouteOrMethod() {
        assertThat(client.get("/nothing/here").statusCode()).isEqualTo(404);
        assertThat(client.get(BASE + "/orchestrators/HelloSequence").statusCode()).isEqualTo(404);
        assertThat(client.delete(BASE + "/instances/x/terminate").statusCode()).isEqualTo(404);
    }

    @Test
    void shouldDriveHelloSequenceToCompletionWithAGenericPollingClient() {
        HttpResponse<String> response = client.post("/api/orchestrators/HelloSequence", null);
        int polls = 0;
        while (response.statusCode() == 202 && response.headers().firstValue("Location").isPresent()) {
            long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElse("30"));
            assertThat(retryAfter).isPositive();
            // honour Retry-After, scaled down a hundredfold so the suite stays fast
            LockSupport.parkNanos(Duration.ofSeconds(retryAfter).toNanos() / 100);
            response = client.getUrl(response.headers().firstValue("Location").get());
            polls++;
        }
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(polls).isPositive();
        assertThat(json(response).get("output").toString())
                .isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
    }

    static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isNotEmpty();
        if (message != null) {
            assertThat(body.get("message").asText()).isEqualTo(message);
            assertThat(body.get("Message").asText()).isEqualTo(message);
            assertThat(body.get("ExceptionMessage").asText()).isEqualTo(message);
        }
    }
}
