package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.observability.Observability;
import dev.dtk.ops.GatewayCli.Run;
import dev.dtk.process.DtkProcess;
import dev.dtk.topics.json.DtkJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtk instances ...} against a real gateway that requires a key, on a real broker. */
class InstancesCommandTest {

    @TempDir
    static Path dir;

    private static OpsCluster cluster;
    private static GatewayCli cli;

    @BeforeAll
    static void start() throws Exception {
        cluster = new OpsCluster(dir.resolve("dtk"), Observability.none());
        cli = new GatewayCli(cluster.gateway().url(), Files.writeString(dir.resolve("key"), OpsCluster.KEY + "\n"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void shouldStartListAndShowAnInstanceWithItsHistory() {
        assertThat(dtk("instances", "start", "HelloSequence", "--id", "cli-hello").out())
                .isEqualTo("started cli-hello (HelloSequence)\n");
        cluster.awaitStatus("cli-hello", "Completed");

        Run list = dtk("instances", "list", "--prefix", "cli-hello");
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().findFirst().orElseThrow())
                .matches("INSTANCE ID +NAME +STATUS +CREATED \\(UTC\\) +UPDATED \\(UTC\\)");
        assertThat(list.out()).containsPattern("cli-hello +HelloSequence +Completed +\\d{4}-\\d\\d-\\d\\d \\d\\d:")
                .endsWith("1 instance\n");

        JsonNode json = DtkJson.read(dtk("instances", "list", "--json", "--prefix", "cli-",
                "--status", "Completed", "--name", "HelloSequence").out().getBytes(StandardCharsets.UTF_8),
                JsonNode.class);
        assertThat(json.isArray()).isTrue();
        assertThat(json.findValuesAsText("instanceId")).contains("cli-hello");
        assertThat(json.findValuesAsText("runtimeStatus")).containsOnly("Completed");

        String show = dtk("instances", "show", "cli-hello", "--history").out();
        assertThat(show).contains("Instance       cli-hello", "Status         Completed",
                "Output         [\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
        assertThat(show).containsPattern("AT +EVENT +NAME +TOOK +DETAIL")
                .containsPattern("\\+\\d+ ms +TaskCompleted +SayHello +\\d+ ms +\"Hello Seattle!\"")
                .containsPattern("ExecutionCompleted");
    }

    @Test
    void shouldSuspendResumeRaiseTerminatePurgeAndRestart() {
        dtk("instances", "start", "ApprovalWorkflow", "--id", "cli-approval", "--input", "{\"amount\":5}");
        cluster.awaitStatus("cli-approval", "Running");
        assertThat(dtk("instances", "suspend", "cli-approval", "--reason", "lunch").out())
                .isEqualTo("suspended cli-approval\n");
        cluster.awaitStatus("cli-approval", "Suspended");
        assertThat(dtk("instances", "resume", "cli-approval").out()).isEqualTo("resumed cli-approval\n");
        cluster.awaitStatus("cli-approval", "Running");
        assertThat(dtk("instances", "raise", "cli-approval", "ApprovalEvent", "true").out())
                .isEqualTo("raised ApprovalEvent on cli-approval\n");
        assertThat(cluster.awaitStatus("cli-approval", "Completed").path("output").asText()).isEqualTo("approved");

        dtk("instances", "start", "ApprovalWorkflow", "--id", "cli-stop");
        cluster.awaitStatus("cli-stop", "Running");
        assertThat(dtk("instances", "terminate", "cli-stop", "--reason", "not needed").out())
                .isEqualTo("terminated cli-stop\n");
        assertThat(cluster.awaitStatus("cli-stop", "Terminated").path("output").asText()).isEqualTo("not needed");
        assertThat(dtk("instances", "purge", "cli-stop").out()).isEqualTo("purged cli-stop\n");
        Run gone = attempt("instances", "show", "cli-stop");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).startsWith("dtk instances: ").endsWith("(HTTP 404)\n");

        Run restarted = dtk("instances", "restart", "cli-approval");
        assertThat(restarted.out()).startsWith("restarted cli-approval as ");
        Run rewind = attempt("instances", "rewind", "cli-approval");
        assertThat(rewind.exit()).isEqualTo(1);
        assertThat(rewind.err()).isEqualTo("dtk instances: The instance 'cli-approval' is Completed; only a Failed"
                + " instance can be rewound. (HTTP 410)\n");
    }

    @Test
    void shouldSayWhatToDoAboutAWrongKeyOrAMissingGateway() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong-key"), "not-a-key");
        Run refused = run("instances", "list", "--gateway", cluster.gateway().url(), "--key-file", wrong.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("dtk instances: the gateway at " + cluster.gateway().url() + " wants a key:"
                + " set DTK_GATEWAY_KEY to one of its keys (or --key-file); the key given is not one of them\n");

        Run missing = run("instances", "list", "--gateway", "http://127.0.0.1:1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("dtk instances: cannot reach the gateway at http://127.0.0.1:1 (is it"
                + " running? give its URL with --gateway or DTK_GATEWAY_URL)\n");
    }

    @Test
    void shouldTakeTheKeyAndGatewayFromTheEnvironmentInAProcessOfItsOwn() {
        dtk("instances", "start", "HelloSequence", "--id", "cli-env");
        cluster.awaitStatus("cli-env", "Completed");
        try (DtkProcess list = DtkProcess.start(dir.resolve("logs"), "instances-list",
                Map.of("DTK_GATEWAY_KEY", OpsCluster.KEY, "DTK_GATEWAY_URL", cluster.gateway().url()),
                "instances", "list", "--prefix", "cli-env")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(list.output()).containsPattern("cli-env +HelloSequence +Completed");
        }
    }

    private static Run dtk(String... args) {
        return cli.ok(args);
    }

    private static Run attempt(String... args) {
        return cli.attempt(args);
    }

    private static Run run(String... args) {
        return GatewayCli.run(args);
    }
}
