package dev.dtk.stall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of timers coming due at once do not starve the engine's input: orchestrations started while
 * the backlog fires complete while it is still firing, and every timer fires. Before, each task's sweep
 * fired for up to 200 ms after every pass over a record or two of input, and a run of 10,000,000 waiting
 * verifications stalled when the first hour's timers came due.
 */
class DueTimerBacklogTest {

    private static final int TIMERS = 10_000;
    private static final int STARTED_DURING = 200;
    /**
     * From the first start sent until the timers are due: time to send and apply 10,000 starts. On a slower
     * machine, in CI after 160 other end-to-end tests, 30 s was too short (5,113 of them applied); alone there
     * it passed with 30 s.
     */
    private static final Duration SETUP = Duration.ofSeconds(60);

    @Test
    void shouldKeepApplyingInputWhileABacklogOfDueTimersFires(@TempDir Path dir) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator("Expiring", ctx -> {
                    ctx.createTimer(Instant.ofEpochMilli(ctx.getInput(Long.class))).await();
                    return "expired";
                })
                .orchestrator("Echo", ctx -> ctx.callActivity("Step", ctx.getInput(Integer.class), Integer.class)
                        .await())
                .activity("Step", ctx -> ctx.getInput(Integer.class));
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                AppCatalog.of(List.of(app), Map.of(), () -> (to, body) -> { }), engine -> { });
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            Map<String, RuntimeStatus> echoes = new ConcurrentHashMap<>();
            client.onStatus((id, status) -> status.filter(s -> id.startsWith("echo-") && s.runtimeStatus().isTerminal())
                    .ifPresent(s -> echoes.put(id, s.runtimeStatus())));
            long due = Instant.now().plus(SETUP).toEpochMilli();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < TIMERS; i++) {
                sent.add(client.send("expiring-" + i, StartOrchestration.of("Expiring", DtkJson.toTree(due))));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await("every timer set").atMost(SETUP).pollInterval(Duration.ofMillis(200))
                    .until(() -> dtk.engine().localTimerCount(), count -> count == TIMERS);
            assertThat(Instant.now()).as("every timer was set before they came due").isBefore(Instant.ofEpochMilli(due));

            await("the first timers fired").atMost(SETUP).pollInterval(Duration.ofMillis(20))
                    .until(() -> dtk.engine().localTimerCount() < TIMERS);
            for (int i = 0; i < STARTED_DURING; i++) {
                client.send("echo-" + i, StartOrchestration.of("Echo", DtkJson.toTree(i)));
            }
            await("the starts completed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(echoes::size, size -> size == STARTED_DURING);
            long stillPending = dtk.engine().localTimerCount();

            assertThat(echoes.values()).containsOnly(RuntimeStatus.Completed);
            assertThat(stillPending).as("the starts completed while the backlog was still firing").isPositive();
            await("every timer fired").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> dtk.engine().localTimerCount(), count -> count == 0);
            for (int i = 0; i < TIMERS; i += 997) {
                assertThat(client.waitForCompletion("expiring-" + i, Duration.ofSeconds(30)).join().output().asText())
                        .isEqualTo("expired");
            }
        }
    }
}
