package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.observability.Observability;
import dev.dtk.ops.GatewayCli.Run;
import dev.dtk.topics.json.DtkJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dtk entities ...} against a real gateway that requires a key, on a real broker, with the samples' entities. */
class EntitiesCommandTest {

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
    void shouldSignalListShowAndDeleteAnEntity() {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(cli.ok("entities", "signal", "Counter", "cli-c1", "add", "5").out())
                .isEqualTo("signalled add to @counter@cli-c1\n");
        cli.ok("entities", "signal", "Counter", "cli-c1", "add", "37");
        await().atMost(OpsCluster.TIMEOUT).until(() -> cli.attempt("entities", "show", "Counter", "cli-c1", "--json"),
                run -> run.exit() == 0 && run.out().equals("42\n"));

        assertThat(cli.ok("entities", "show", "counter", "cli-c1").out()).isEqualTo("""
                Entity         @counter@cli-c1
                Name           counter
                Key            cli-c1
                State          42
                """);

        Run list = cli.ok("entities", "list", "--name", "Counter");
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().findFirst().orElseThrow())
                .matches("ENTITY +KEY +LAST OPERATION \\(UTC\\) +STATE");
        assertThat(list.out()).containsPattern("\ncounter +cli-c1 +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +42\n")
                .endsWith("1 entity\n");

        JsonNode json = read(cli.ok("entities", "list", "--json", "--name", "counter", "--from", before.toString())
                .out());
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(1);
        assertThat(json.get(0).path("entityId").path("key").asText()).isEqualTo("cli-c1");
        assertThat(json.get(0).path("state").asInt()).isEqualTo(42);
        assertThat(cli.ok("entities", "list", "--name", "counter", "--to", before.toString()).out())
                .isEqualTo("no entities match\n");

        assertThat(cli.ok("entities", "delete", "Counter", "cli-c1").out())
                .isEqualTo("signalled delete to @counter@cli-c1\n");
        Run gone = await().atMost(OpsCluster.TIMEOUT).until(() -> cli.attempt("entities", "show", "Counter", "cli-c1"),
                run -> run.exit() != 0);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("dtk entities: No entity 'counter' with key 'cli-c1' exists (an entity exists"
                + " while it has state). (HTTP 404)\n");
    }

    @Test
    void shouldPageThroughEntitiesAndShowAStructuredState() {
        for (String device : new String[] {"cli-d1", "cli-d2", "cli-d3"}) {
            cli.ok("entities", "signal", "Device", device, "record", "21.5");
        }
        await().atMost(OpsCluster.TIMEOUT).until(() -> read(cli.ok("entities", "list", "--name", "Device", "--json")
                .out()).size() == 3);

        Run page = cli.ok("entities", "list", "--name", "Device", "--top", "2");
        assertThat(page.out().lines().toList()).hasSize(4);
        assertThat(page.out()).contains("device  cli-d1", "device  cli-d2").doesNotContain("cli-d3")
                .endsWith("2 entities (more: --all, or --top N)\n");
        assertThat(cli.ok("entities", "list", "--name", "Device", "--top", "2", "--all").out())
                .contains("cli-d3").endsWith("3 entities\n");

        assertThat(cli.ok("entities", "show", "Device", "cli-d2").out()).isEqualTo("""
                Entity         @device@cli-d2
                Name           device
                Key            cli-d2
                State          {
                                 "count" : 1,
                                 "sum" : 21.5,
                                 "min" : 21.5,
                                 "max" : 21.5,
                                 "last" : 21.5
                               }
                """);
    }

    @Test
    void shouldSayWhatIsWrongWithAnUnknownEntityABadInputOrABadTime() {
        Run unknown = cli.attempt("entities", "signal", "Nope", "k", "add", "1");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("dtk entities: No entity named 'nope' is registered. Registered entities:"
                + " [account, counter, device]. (HTTP 400)\n");

        Run badInput = cli.attempt("entities", "signal", "Counter", "k", "add", "{oops");
        assertThat(badInput.exit()).isEqualTo(1);
        assertThat(badInput.err()).startsWith("dtk entities: The request body is not valid JSON: ")
                .endsWith("(HTTP 400)\n");

        Run badTime = cli.attempt("entities", "list", "--from", "yesterday");
        assertThat(badTime.exit()).isEqualTo(1);
        assertThat(badTime.err()).isEqualTo("dtk entities: The value of parameter 'lastOperationTimeFrom' must be an"
                + " ISO-8601 time such as 2026-01-31T12:00:00Z, got 'yesterday'. (HTTP 400)\n");
    }

    private static JsonNode read(String json) {
        return DtkJson.read(json.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
