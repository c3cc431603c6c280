package dev.dtk.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.client.DtkClient;
import dev.dtk.testkit.FreePorts;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dtk dev} stopped and started again on its data, as a developer does all day: after Ctrl-C
 * (SIGTERM) the engine and the workers left their groups, so the next start finds no member in them;
 * after a {@code kill -9} (or an IDE's stop button) the next start removes the members the killed process
 * left instead of waiting 10 s for their sessions to end. A hello sequence completes after each start.
 */
class DevRestartTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String RUNNING = "dtk dev is running";
    private static final String REMOVED = "removed the members a stopped process left in group ";

    @Test
    void shouldFindItsGroupsEmptyAfterAStopAndClearThemAfterAKill(@TempDir Path dir) throws Exception {
        int kafkaPort = FreePorts.one();
        String[] dev = {"dev", "--home", dir.resolve("home").toString(), "--kafka-port", Integer.toString(kafkaPort),
                "--gateway-port", Integer.toString(FreePorts.one())};
        Path logs = dir.resolve("logs");
        String bootstrap = "localhost:" + kafkaPort;

        try (DtkProcess first = DtkProcess.start(logs, "dev-1", Map.of(), dev)) {
            first.awaitOutput(RUNNING, START);
            assertHelloCompletes(dir, bootstrap, "hello-1");
            first.stop();
        }

        try (DtkProcess second = DtkProcess.start(logs, "dev-2", Map.of(), dev)) {
            second.awaitOutput(RUNNING, START);
            assertThat(second.output()).as("a stopped dev left no member behind").doesNotContain(REMOVED);
            assertHelloCompletes(dir, bootstrap, "hello-2");
            second.kill();
        }

        try (DtkProcess third = DtkProcess.start(logs, "dev-3", Map.of(), dev)) {
            third.awaitOutput(RUNNING, START);
            assertThat(third.output()).as("the killed dev's members removed")
                    .contains(REMOVED + "dtk-engine")
                    .contains(REMOVED + "dtk-workers-default");
            assertHelloCompletes(dir, bootstrap, "hello-3");
        }
    }

    private static void assertHelloCompletes(Path dir, String bootstrap, String id) {
        try (DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(bootstrap))
                .stateDir(dir.resolve("client-" + id)).build()) {
            client.startNew("HelloSequence", id, null).join();
            InstanceStatus done = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> client.waitForCompletion(id, Duration.ofSeconds(30)).join(), status -> true);
            assertThat(done.runtimeStatus()).as(id).isEqualTo(RuntimeStatus.Completed);
        }
    }
}
