package dev.dtk.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code ./dtk engine|worker|gateway} run with (cli/target/lib) holds no broker: the in-process
 * KRaft broker and the test containers are only in cli/target/lib-dev, for {@code dtk dev} and
 * {@code dtk kafka}. (The services start from this classpath in {@link NoSecretsInLogsTest}.)
 */
class ServiceClasspathTest {

    @Test
    void shouldKeepTheBrokerOffTheServicesClasspath() throws IOException {
        List<String> services = jars(DtkProcess.root().resolve("cli/target/lib"));
        List<String> devOnly = jars(DtkProcess.root().resolve("cli/target/lib-dev"));

        assertThat(services).noneMatch(jar -> jar.startsWith("kafka_2.13-") || jar.startsWith("kafka-server-")
                || jar.startsWith("dtk-testkit-") || jar.startsWith("testcontainers") || jar.startsWith("scala-"));
        assertThat(services).anyMatch(jar -> jar.startsWith("kafka-streams-"))
                .anyMatch(jar -> jar.startsWith("dtk-samples-"));
        assertThat(devOnly).anyMatch(jar -> jar.startsWith("kafka_2.13-"))
                .anyMatch(jar -> jar.startsWith("dtk-testkit-"));
        assertThat(DtkProcess.classpath("engine")).doesNotContain("lib-dev");
        assertThat(DtkProcess.classpath("dev")).contains("lib-dev");
    }

    private static List<String> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
        }
    }
}
