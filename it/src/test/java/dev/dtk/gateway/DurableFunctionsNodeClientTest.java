package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.local.LocalDtk;
import dev.dtk.process.DtkProcess;
import dev.dtk.samples.SampleApp;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft's Durable Functions Node client ({@code durable-functions} 3.5.0 from npm), unchanged,
 * against a gateway on a real broker: it starts and polls an orchestration, signals the samples'
 * {@code Counter} entity and reads its state ({@code it/src/test/node/durable-functions-client}).
 * Needs {@code node} and {@code npm} (the package is installed into {@code it/target} on first run).
 */
class DurableFunctionsNodeClientTest {

    private static final Path SOURCE = DtkProcess.root().resolve("it/src/test/node/durable-functions-client");
    private static final Path INSTALLED = DtkProcess.root().resolve("it/target/durable-functions-client");

    @Test
    void shouldRunTheNodeClientsOrchestrationAndEntityCallsUnchanged(@TempDir Path dir) throws Exception {
        assumeThat(onPath("node") && onPath("npm")).as("node and npm are needed to run the Durable Functions Node"
                + " client").isTrue();
        install();
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { }), engine -> { })) {
            DtkGateway gateway = dtk.startGateway(GatewayConfig.builder().port(0).keys(List.of(GatewayCluster.KEY)),
                    b -> { });

            List<String> lines = run(INSTALLED, 120, "node", "session.js",
                    gateway.url() + GatewayClient.BASE, GatewayCluster.KEY);

            List<JsonNode> steps = lines.stream().filter(line -> line.startsWith("{"))
                    .map(line -> DtkJson.read(line.getBytes(StandardCharsets.UTF_8), JsonNode.class)).toList();
            assertThat(steps).extracting(s -> s.path("step").asText())
                    .as(String.join("\n", lines)).containsExactly("orchestration", "before", "after", "deleted");
            assertThat(steps.get(0).path("runtimeStatus").asText()).isEqualTo("Completed");
            assertThat(steps.get(0).path("output").toString()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\","
                    + "\"Hello London!\"]");
            assertThat(steps.get(1).path("entityExists").asBoolean()).isFalse();
            assertThat(steps.get(2).path("entityExists").asBoolean()).isTrue();
            assertThat(steps.get(2).path("entityState").asInt()).isEqualTo(42);
            assertThat(steps.get(3).path("entityExists").asBoolean()).isFalse();
        }
    }

    /** Copies the client's package into it/target and installs it there, once. */
    private static void install() throws Exception {
        Files.createDirectories(INSTALLED);
        for (String file : List.of("package.json", "session.js")) {
            Files.copy(SOURCE.resolve(file), INSTALLED.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.exists(INSTALLED.resolve("node_modules/durable-functions/package.json"))) {
            run(INSTALLED, 300, "npm", "install", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error");
        }
    }

    private static List<String> run(Path dir, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-client", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(output));
        assertThat(finished && process.exitValue() == 0).as(String.join(" ", command) + " in " + dir + ":\n"
                + String.join("\n", lines)).isTrue();
        return lines;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
