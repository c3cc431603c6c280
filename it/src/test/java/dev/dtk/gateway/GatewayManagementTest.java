package dev.dtk.gateway;

import static dev.dtk.gateway.GatewayClient.BASE;
import static dev.dtk.gateway.GatewayClient.json;
import static dev.dtk.gateway.GatewayStartAndStatusTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raise event, terminate, suspend/resume, restart, rewind and purge through real HTTP on a real broker. */
class GatewayManagementTest {

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

    private static String waiting() {
        String id = "m-" + UUID.randomUUID();
        client.start(GatewayApps.WAIT, id, null);
        return id;
    }

    private static String path(String id, String action) {
        return BASE + "/instances/" + id + "/" + action;
    }

    @Test
    void shouldRaiseEventOr400Or404Or410() {
        String id = waiting();

        assertError(client.post(path(id, "raiseEvent/go"), "\"x\"", "text/plain"), 400,
                "Only application/json request content is supported");
        assertError(client.post(path(id, "raiseEvent/go"), "{broken"), 400, null);
        assertError(client.post(path("never-started", "raiseEvent/go"), "1"), 404,
                "No instance with ID 'never-started' was found.");
        HttpResponse<String> accepted = client.post(path(id, "raiseEvent/go"), "\"x\"");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.body()).isEmpty();
        cluster.awaitStatusCode(id, 200);
        assertThat(client.post(path(id, "raiseEvent/go"), "\"y\"").statusCode()).isEqualTo(410);
    }

    @Test
    void shouldTerminateWithReason() {
        String id = waiting();

        assertThat(client.post(path(id, "terminate?reason=enough"), null).statusCode()).isEqualTo(202);

        JsonNode terminated = cluster.awaitRuntimeStatus(id, "Terminated");
        assertThat(terminated.get("output").asText()).isEqualTo("enough");
        assertThat(client.status(id, null).statusCode()).isEqualTo(200);
        assertThat(client.post(path(id, "terminate"), null).statusCode()).isEqualTo(410);
        assertThat(client.post(path("never-started", "terminate"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldSuspendAndResumeWith409WhenNothingToDo() {
        String id = waiting();
        cluster.awaitRuntimeStatus(id, "Running");

        assertThat(client.post(path(id, "resume"), null).statusCode()).isEqualTo(409);
        assertThat(client.post(path(id, "suspend?reason=pause"), null).statusCode()).isEqualTo(202);
        cluster.awaitRuntimeStatus(id, "Suspended");
        assertError(client.post(path(id, "suspend"), null), 409, "The instance '" + id + "' is already Suspended.");
        assertThat(client.post(path(id, "raiseEvent/go"), "\"while suspended\"").statusCode()).isEqualTo(202);
        assertThat(client.status(id, null).statusCode()).isEqualTo(202);

        assertThat(client.post(path(id, "resume?reason=go%20on"), null).statusCode()).isEqualTo(202);

        assertThat(cluster.awaitStatusCode(id, 200).get("output").asText()).isEqualTo("got while suspended");
        assertThat(client.post(path(id, "suspend"), null).statusCode()).isEqualTo(410);
        assertThat(client.post(path(id, "resume"), null).statusCode()).isEqualTo(410);
        assertThat(client.post(path("never-started", "suspend"), null).statusCode()).isEqualTo(404);
        assertThat(client.post(path("never-started", "resume"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRestartWithNewOrSameInstanceId() {
        String id = client.start(GatewayApps.HELLO, null, "\"input kept\"");
        cluster.awaitStatusCode(id, 200);

        HttpResponse<String> fresh = client.post(path(id, "restart"), null);
        assertThat(fresh.statusCode()).isEqualTo(202);
        assertThat(fresh.headers().firstValue("Location")).isPresent();
        String newId = json(fresh).get("id").asText();
        assertThat(newId).isNotEqualTo(id);
        JsonNode restarted = cluster.awaitStatusCode(newId, 200);
        assertThat(restarted.get("name").asText()).isEqualTo("HelloSequence");
        assertThat(restarted.get("input").asText()).isEqualTo("input kept");

        String firstCreated = json(client.status(id, null)).get("lastUpdatedTime").asText();
        HttpResponse<String> same = client.post(path(id, "restart?restartWithNewInstanceId=false"), null);
        assertThat(same.statusCode()).isEqualTo(202);
        assertThat(json(same).get("id").asText()).isEqualTo(id);
        cluster.awaitStatusCode(id, 200);
        assertThat(client.post(path("never-started", "restart"), null).statusCode()).isEqualTo(404);
        assertThat(firstCreated).isNotEmpty();
    }

    @Test
    void shouldRefuseRestartUnderSameIdWhileLive() {
        String id = waiting();

        assertThat(client.post(path(id, "restart?restartWithNewInstanceId=false"), null).statusCode()).isEqualTo(409);
    }

    @Test
    void shouldRewindFailedInstanceSoItCompletes() {
        GatewayApps.FAILING.set(true);
        String id = client.start(GatewayApps.FLAKY, null, null);
        cluster.awaitRuntimeStatus(id, "Failed");
        String running = waiting();
        assertThat(client.post(path(running, "rewind"), null).statusCode())
                .as("410, as Durable Functions clients expect").isEqualTo(410);
        assertThat(client.post(path("never-started", "rewind"), null).statusCode()).isEqualTo(404);

        GatewayApps.FAILING.set(false);
        assertThat(client.post(path(id, "rewind?reason=fixed"), null).statusCode()).isEqualTo(202);

        JsonNode done = cluster.awaitRuntimeStatus(id, "Completed");
        assertThat(done.get("output").asText()).isEqualTo("Hello first! / flaky ok");
        JsonNode history = json(client.status(id, "showHistory=true")).get("historyEvents");
        assertThat(history.toString()).contains("\"EventType\":\"TaskRewound\"", "\"EventType\":\"ExecutionRewound\"");
    }

    @Test
    void shouldPurgeFinishedInstanceById() {
        String id = client.start(GatewayApps.HELLO, null, null);
        cluster.awaitStatusCode(id, 200);
        String live = waiting();

        assertThat(client.delete(BASE + "/instances/" + live).statusCode()).isEqualTo(409);
        HttpResponse<String> purged = client.delete(BASE + "/instances/" + id);
        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(purged.body()).isEqualTo("{\"instancesDeleted\":1}");

        assertThat(client.status(id, null).statusCode()).isEqualTo(404);
        assertThat(client.delete(BASE + "/instances/" + id).statusCode()).isEqualTo(404);
        assertThat(cluster.dtk().engine().localInstance(id)).isEmpty();
        assertThat(client.status(live, null).statusCode()).isEqualTo(202);
    }

    @Test
    void shouldPurgeByFilter() {
        Instant from = Instant.now().minus(1, ChronoUnit.SECONDS);
        String prefix = "purge-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 3; i++) {
            client.start(GatewayApps.HELLO, prefix + i, null);
        }
        for (int i = 0; i < 3; i++) {
            cluster.awaitStatusCode(prefix + i, 200);
        }
        String live = waiting();

        assertError(client.delete(BASE + "/instances?runtimeStatus=Completed"), 400,
                "Please provide value for 'createdTimeFrom' parameter.");
        assertThat(client.delete(BASE + "/instances?createdTimeFrom=2999-01-01T00:00:00Z").statusCode())
                .isEqualTo(404);
        HttpResponse<String> purged = client.delete(BASE + "/instances?createdTimeFrom=" + from
                + "&runtimeStatus=Completed,Failed,Terminated&instanceIdPrefix=" + prefix);

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(purged.body()).isEqualTo("{\"instancesDeleted\":3}");
        for (int i = 0; i < 3; i++) {
            assertThat(client.status(prefix + i, null).statusCode()).isEqualTo(404);
        }
        assertThat(client.status(live, null).statusCode()).isEqualTo(202);
    }
}
