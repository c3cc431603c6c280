package dev.dtk.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.client.DtkClient;
import dev.dtk.process.DtkProcess;
import dev.dtk.testkit.FreePorts;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/hello-app} as a newcomer uses it: built with Maven against dtk-sdk from the local
 * repository, then run by the real {@code dtk} command as separate processes: {@code dtk dev --app},
 * and {@code dtk engine --app} with {@code dtk worker --app} against {@code dtk kafka}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelloAppExampleTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String EXPECTED = "[\"Hello, Tokyo!\",\"Hello, Lima!\"]";

    private Path dir;
    private Path jar;

    @BeforeAll
    void buildTheExampleWithMaven(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        Path project = dir.resolve("hello-app");
        copy(DtkProcess.root().resolve("examples/hello-app"), project);
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "package", "-f", project.resolve("pom.xml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mvn.log").toFile()).start();
        assertThat(mvn.waitFor(5, TimeUnit.MINUTES)).as("maven finished").isTrue();
        assertThat(mvn.exitValue()).as("maven build of the example:\n%s", Files.readString(dir.resolve("mvn.log")))
                .isZero();
        jar = project.resolve("target/hello-app.jar");
        assertThat(jar).exists();
    }

    @Test
    void shouldRunTheAppOnDtkDevOverHttpAndOverKafka() throws Exception {
        int kafkaPort = FreePorts.one();
        int gatewayPort = FreePorts.one();
        try (DtkProcess dev = DtkProcess.start(dir.resolve("logs"), "dev", Map.of(), "dev",
                "--home", dir.resolve("dev-home").toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--gateway-port", Integer.toString(gatewayPort), "--app", jar.toString())) {
            dev.awaitOutput("dtk dev is running", START);
            assertThat(dev.output()).contains("orchestrators [HelloApp]").contains("com.example.hello.HelloApp");

            String gateway = "http://127.0.0.1:" + gatewayPort;
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(gateway
                    + "/runtime/webhooks/durabletask/orchestrators/HelloApp"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[\"Tokyo\",\"Lima\"]")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).isEqualTo(202);
            URI location = URI.create(started.headers().firstValue("Location").orElseThrow());
            HttpResponse<String> done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> http.send(HttpRequest.newBuilder(location).build(),
                            HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            JsonNode status = DtkJson.read(done.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
            assertThat(status.get("runtimeStatus").asText()).isEqualTo("Completed");
            assertThat(status.get("output").toString()).isEqualTo(EXPECTED);

            assertThat(completeOverKafka("localhost:" + kafkaPort, "hello-over-kafka")).isEqualTo(EXPECTED);
        }
    }

    @Test
    void shouldRunTheAppAsSeparateEngineAndWorkerAgainstDtkKafka() throws Exception {
        int kafkaPort = FreePorts.one();
        String bootstrap = "localhost:" + kafkaPort;
        Path logs = dir.resolve("separate-logs");
        try (DtkProcess kafka = DtkProcess.start(logs, "kafka", Map.of(), "kafka", "--home",
                dir.resolve("kafka-home").toString(), "--port", Integer.toString(kafkaPort))) {
            kafka.awaitOutput("Kafka broker on", START);
            try (DtkProcess topics = DtkProcess.start(logs, "topics", Map.of(), "topics", "create",
                    "--bootstrap-servers", bootstrap, "--partitions", "2", "--replication-factor", "1",
                    "--app", jar.toString())) {
                topics.awaitOutput("Created|exist already", START);
            }
            try (DtkProcess engine = DtkProcess.start(logs, "engine", Map.of(), "engine", "--bootstrap-servers",
                    bootstrap, "--app", jar.toString(), "--state-dir", dir.resolve("engine-state").toString(),
                    "--query-port", "0");
                    DtkProcess worker = DtkProcess.start(logs, "worker", Map.of(), "worker", "--bootstrap-servers",
                            bootstrap, "--app", jar.toString())) {
                engine.awaitOutput("State transition from REBALANCING to RUNNING", START);
                worker.awaitOutput("partitions assigned", START);
                assertThat(engine.output()).contains("orchestrators [HelloApp]");
                assertThat(worker.output()).contains("activities [Greet]");

                assertThat(completeOverKafka(bootstrap, "hello-separate")).isEqualTo(EXPECTED);
            }
        }
    }

    /** Starts {@code HelloApp} by producing a start command, as any Kafka service would; waits for the output. */
    private String completeOverKafka(String bootstrap, String instanceId) {
        try (DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(bootstrap))
                .stateDir(dir.resolve("client")).build()) {
            client.send(instanceId, StartOrchestration.of("HelloApp", DtkJson.toTree(List.of("Tokyo", "Lima"))))
                    .join();
            InstanceStatus status = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> client.waitForCompletion(instanceId, Duration.ofSeconds(30)).join(), s -> true);
            assertThat(status.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
            return status.output().toString();
        }
    }


    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.filter(p -> !p.toString().contains("/target")).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
