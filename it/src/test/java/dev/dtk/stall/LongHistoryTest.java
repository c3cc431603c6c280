package dev.dtk.stall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loop of 5,000 steps without continue-as-new completes on a real broker: the instance's history
 * (15,000 events) lives one event a record, so no record grows with it; the engine is stopped as
 * abruptly as a JVM allows in the middle and a new one restores the history from an empty state folder.
 */
class LongHistoryTest {

    private static final int STEPS = 5_000;

    @Test
    void shouldCompleteALoopOfFiveThousandStepsWithoutContinueAsNew(@TempDir Path dir) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator("Loop", ctx -> {
                    int n = ctx.getInput(Integer.class);
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += ctx.callActivity("Step", i, Long.class).await();
                    }
                    return sum;
                })
                .activity("Step", ctx -> ctx.getInput(Long.class));
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                AppCatalog.of(List.of(app), Map.of(), () -> (to, body) -> { }), engine -> { });
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            String id = client.startNew("Loop", "long-loop", STEPS).join();
            await().atMost(Duration.ofMinutes(2)).until(() -> dtk.engine().localInstance(id)
                    .map(s -> s.history().size() > STEPS).orElse(false));
            dtk.crashEngine();
            dtk.startEngine().awaitRunning(Duration.ofSeconds(60));

            InstanceStatus done = client.waitForCompletion(id, Duration.ofMinutes(5)).join();

            assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
            assertThat(done.output().asLong()).isEqualTo((long) STEPS * (STEPS - 1) / 2);
            InstanceState state = dtk.engine().localInstance(id).orElseThrow();
            assertThat(state.history()).hasSizeGreaterThan(3 * STEPS);
            assertThat(state.historyBytes()).isGreaterThan(500_000L);
        }
    }
}
