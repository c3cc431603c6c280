package dev.dtk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.activity.ActivityRegistry;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.local.LocalDtk;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's producer lingers to batch while the engine is busy, but an idle engine sends what a step
 * wrote at once: here the producer would linger, and the engine commit, only after a minute, and still
 * every step of a three-activity sequence reaches the worker (which reads tasks uncommitted) long before,
 * and the end, read read_committed, is visible long before too: an idle engine commits an end at once.
 */
class IdleFlushTest {

    private static final Duration A_MINUTE = Duration.ofMinutes(1);

    @Test
    void shouldSendAnIdleEnginesTasksAndCommitItsEndWithoutWaitingForTheLingerOrTheInterval(@TempDir Path dir) throws Exception {
        List<Object> ran = new CopyOnWriteArrayList<>();
        OrchestratorRegistry orchestrators = OrchestratorRegistry.builder()
                .register("Relay", ctx -> {
                    for (int i = 1; i <= 3; i++) {
                        ctx.callActivity("Note", i, Integer.class).await();
                    }
                    return "relayed";
                })
                .build();
        ActivityRegistry activities = ActivityRegistry.builder()
                .register("Note", ctx -> {
                    int step = ctx.getInput(Integer.class);
                    ran.add(step);
                    return step;
                })
                .build();
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 1,
                        AppCatalog.of(orchestrators, activities, Map.of()), engine -> engine
                                .commitInterval(A_MINUTE)
                                .kafka("producer.linger.ms", Long.toString(A_MINUTE.toMillis())));
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            client.send("relay-1", StartOrchestration.of("Relay", null)).join();

            await().atMost(A_MINUTE.dividedBy(3)).until(() -> ran.size() == 3);
            assertThat(ran).containsExactly(1, 2, 3);

            // the end is read read_committed from the status topic: the idle engine committed it at once,
            // not after the minute's interval
            InstanceStatus done = client.waitForCompletion("relay-1", A_MINUTE.dividedBy(3))
                    .get(A_MINUTE.toSeconds(), TimeUnit.SECONDS);
            assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
            assertThat(done.output()).isEqualTo(TextNode.valueOf("relayed"));
        }
    }
}
