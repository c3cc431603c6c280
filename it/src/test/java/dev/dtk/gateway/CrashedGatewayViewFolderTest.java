package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.process.DtkProcess;
import dev.dtk.testkit.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's status view folder holds every instance's input. One killed with {@code kill -9}
 * cannot remove its own; the next gateway on the same state folder removes it before it claims one.
 */
class CrashedGatewayViewFolderTest {

    private static final Duration START = Duration.ofSeconds(90);

    @Test
    void shouldRemoveTheViewFolderOfAKilledGatewayWhenTheNextOneStarts(@TempDir Path dir) throws IOException {
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(2, List.of("default"));
            Path state = dir.resolve("gateway-state");
            Path logs = dir.resolve("logs");
            String[] args = {"gateway", "--bootstrap-servers", kafka.bootstrapServers(), "--port", "0",
                    "--state-dir", state.toString()};

            DtkProcess crashed = DtkProcess.start(logs, "gateway-1", Map.of(), args)
                    .awaitOutput("dtk gateway listening on", START);
            List<Path> left = views(state);
            crashed.kill();

            assertThat(left).hasSize(1);
            assertThat(views(state)).as("what the killed gateway left").isEqualTo(left);
            try (DtkProcess next = DtkProcess.start(logs, "gateway-2", Map.of(), args)
                    .awaitOutput("dtk gateway listening on", START)) {
                assertThat(views(state)).hasSize(1).doesNotContainAnyElementsOf(left);
                assertThat(left.getFirst()).doesNotExist();
                assertThat(next.output()).contains("removing the status view folder " + left.getFirst()
                        + ": the process that owned it is gone");
            }
        }
    }

    private static List<Path> views(Path state) throws IOException {
        try (Stream<Path> children = Files.list(state)) {
            return children.filter(p -> p.getFileName().toString().startsWith("view-")).sorted().toList();
        }
    }
}
