package dev.dtk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.LongNode;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.local.LocalDtk;
import dev.dtk.observability.Observability;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine with nothing to do commits no transactions: Kafka Streams commits every task that ran a
 * punctuation, and the engine's timer sweeps (every millisecond) made an idle engine commit one every
 * commit interval, 100 a second, against its brokers. It still fires a timer set before it went idle
 * and steps on at once when input comes.
 */
class IdleEngineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for the commit interval (10 ms) to have passed hundreds of times. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Test
    void shouldCommitNothingWhileIdleAndStillFireATimerSetBeforeIt(@TempDir Path dir) throws Exception {
        OrchestratorRegistry orchestrators = OrchestratorRegistry.builder()
                .register("Nap", ctx -> {
                    Instant due = Instant.ofEpochMilli(ctx.getInput(Long.class));
                    ctx.createTimer(due).await();
                    return Duration.between(due, ctx.currentUtcDateTime()).toMillis();
                })
                .build();
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (Observability observability = Observability.prometheus();
                LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                        AppCatalog.of(orchestrators, ActivityRegistry.builder().build(), Map.of()), engine -> { },
                        observability);
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            awaitNoCommitFor(observability, QUIET);

            // due well after the engine let the instance go from its caches (1 s) and stopped its sweeps
            long due = Instant.now().plusSeconds(4).toEpochMilli();
            client.send("nap-1", StartOrchestration.of("Nap", LongNode.valueOf(due))).join();
            InstanceStatus done = client.waitForCompletion("nap-1", TIMEOUT).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
            assertThat(done.output().asLong()).as("fired at its due time, not before").isGreaterThanOrEqualTo(0);
            assertThat(commits(observability)).as("the start and the end were committed, and counted").isPositive();
            awaitNoCommitFor(observability, QUIET);
        }
    }

    /** Waits until the engine's stream threads committed nothing for {@code quiet}. */
    private static void awaitNoCommitFor(Observability observability, Duration quiet) {
        double[] before = {commits(observability)};
        await().atMost(TIMEOUT).pollDelay(quiet).pollInterval(quiet).until(() -> {
            double now = commits(observability);
            boolean none = now == before[0];
            before[0] = now;
            return none;
        });
    }

    /** Every commit of the engine's stream threads so far (Kafka Streams' own count). */
    private static double commits(Observability observability) {
        return observability.meters().find("kafka.stream.thread.commit.total").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }
}
