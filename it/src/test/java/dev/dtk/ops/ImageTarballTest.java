package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.process.DtkProcess;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image Jib builds ({@code mvn -Pimage}: {@code cli/target/jib-image.tar}, no Docker daemon): one
 * image for every role, whose entrypoint runs {@code dtk} and whose layers hold the services' classpath
 * without the in-process broker. Skipped, saying how to build it, when the tarball is not there.
 */
class ImageTarballTest {

    static final Path TARBALL = DtkProcess.root().resolve("cli/target/jib-image.tar");

    private static JsonNode manifest;
    private static JsonNode config;
    private static Map<String, byte[]> files;

    @BeforeAll
    static void read() throws IOException {
        Assumptions.assumeTrue(Files.exists(TARBALL), "no image tarball at " + TARBALL + ": build it with"
                + " ./dtk test -Pimage (or mvn -Pimage -pl cli package; -Ddtk.image.base=scratch without a registry)");
        Map<String, byte[]> small = new HashMap<>();
        files = new HashMap<>();
        try (InputStream in = Files.newInputStream(TARBALL)) {
            TarEntries.walk(in, (name, content) -> {
                if (name.endsWith(".tar.gz")) {
                    TarEntries.walk(new GZIPInputStream(content), (file, bytes) -> files.put(file,
                            file.endsWith("jib-classpath-file") || file.endsWith(".txt") ? bytes.readAllBytes()
                                    : new byte[0]));
                } else {
                    small.put(name, content.readAllBytes());
                }
            });
        }
        manifest = DtkJson.read(small.get("manifest.json"), JsonNode.class).get(0);
        config = DtkJson.read(small.get(manifest.get("Config").asText()), JsonNode.class);
    }

    @Test
    void shouldBeTaggedAsTheComposeFileAndTheManifestsExpect() {
        assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo(DeploymentFiles.IMAGE);
    }

    @Test
    void shouldRunDtkWithTheRoleAsItsArguments() {
        JsonNode container = config.get("config");
        assertThat(container.get("Entrypoint")).extracting(JsonNode::asText).containsExactly("java",
                "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-cp",
                "@/app/jib-classpath-file", "dev.dtk.cli.Dtk");
        assertThat(container.get("Cmd")).extracting(JsonNode::asText).containsExactly("--help");
        assertThat(container.get("ExposedPorts").properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("7071/tcp", "7080/tcp", "7090/tcp");
        assertThat(container.get("WorkingDir").asText()).isEqualTo("/var/lib/dtk");
        assertThat(container.get("Env")).extracting(JsonNode::asText)
                .contains("DTK_STATE_DIR=/var/lib/dtk/engine-state", "DTK_GATEWAY_STATE_DIR=/var/lib/dtk/gateway");
    }

    @Test
    void shouldHoldTheServicesClasspathWithoutTheInProcessBroker() {
        List<String> classpath = List.of(new String(files.get("app/jib-classpath-file"), StandardCharsets.UTF_8)
                .trim().split(":"));
        assertThat(classpath).contains("/app/classes", "/app/libs/dtk-engine-0.1.0-SNAPSHOT.jar",
                "/app/libs/dtk-gateway-0.1.0-SNAPSHOT.jar", "/app/libs/dtk-activity-workers-0.1.0-SNAPSHOT.jar",
                "/app/libs/dtk-samples-0.1.0-SNAPSHOT.jar", "/app/libs/dtk-observability-0.1.0-SNAPSHOT.jar");
        assertThat(classpath).noneMatch(entry -> entry.contains("dtk-testkit") || entry.contains("kafka_2.13")
                || entry.contains("kafka-server"));
        assertThat(files).containsKeys("app/classes/dev/dtk/cli/Dtk.class", "opt/dtk/apps/README.txt");
        assertThat(classpath.stream().filter(e -> e.startsWith("/app/libs/")))
                .allSatisfy(jar -> assertThat(files).containsKey(jar.substring(1)));
    }
}
