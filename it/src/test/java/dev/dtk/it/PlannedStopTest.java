package dev.dtk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine stopped cleanly (a deploy, a scale-down) hands its partitions over at once: it leaves its
 * group instead of waiting there until Kafka counts it out. The engines' session timeout is a minute here,
 * so a hand-over within half of it cannot be the session running out.
 */
class PlannedStopTest {

    private static final int PARTITIONS = 4;
    private static final String SESSION_TIMEOUT_MS = "60000";
    private static final Duration HANDOVER = Duration.ofSeconds(30);
    private static final String HELLO_OUTPUT = "[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]";

    @Test
    void shouldHandAStoppedEnginesPartitionsToTheOtherEngineAtOnce(@TempDir Path dir) throws Exception {
        AppCatalog apps = TestOrchestrations.catalog();
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
                LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), null, PARTITIONS, apps,
                        engine -> engine.kafka("consumer.session.timeout.ms", SESSION_TIMEOUT_MS));
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(kafka.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            EngineConfig.Builder second = EngineConfig.builder().bootstrapServers(kafka.bootstrapServers())
                    .stateDir(dir.resolve("engine-2")).kafka("consumer.session.timeout.ms", SESSION_TIMEOUT_MS);
            apps.routes().forEach(second::route);
            try (DtkEngine other = DtkEngine.start(second.build(), apps.orchestrators())) {
                DtkEngine stopping = dtk.engine();
                await().atMost(DtkTestCluster.TIMEOUT).until(() -> stopping.state() == KafkaStreams.State.RUNNING
                        && other.state() == KafkaStreams.State.RUNNING && !stopping.activePartitions().isEmpty()
                        && !other.activePartitions().isEmpty());
                Set<Integer> handedOver = stopping.activePartitions();
                List<String> before = assertCompleted(client, "before-", 8);
                // each engine reads an instance from the stores of its partition, and has none of the other's
                for (String id : before) {
                    boolean onStopping = handedOver.contains(partition(id));
                    assertThat(stopping.localInstance(id)).as("%s on the stopping engine", id)
                            .matches(found -> found.isPresent() == onStopping);
                    assertThat(other.localInstance(id)).as("%s on the other engine", id)
                            .matches(found -> found.isPresent() != onStopping);
                }

                long stop = System.nanoTime();
                dtk.stopEngine();
                await().atMost(HANDOVER).pollInterval(Duration.ofMillis(100))
                        .until(() -> other.activePartitions().size() == PARTITIONS);
                Duration took = Duration.ofNanos(System.nanoTime() - stop);
                assertThat(took).as("partitions %s handed over", handedOver).isLessThan(HANDOVER);

                // instances on every partition, those the stopped engine ran among them, run on the other
                List<String> after = assertCompleted(client, "after-", 16);
                assertThat(after).as("some on the partitions handed over")
                        .anyMatch(id -> handedOver.contains(partition(id)));
                after.forEach(id -> assertThat(other.localInstance(id)).as("%s where it runs now", id)
                        .isPresent());
            }
        }
    }

    private static int partition(String instanceId) {
        return Topics.partitionOf(instanceId, PARTITIONS);
    }

    private static List<String> assertCompleted(DtkClient client, String prefix, int count) {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
        ids.forEach(id -> client.startNew("HelloSequence", id, null).join());
        for (String id : ids) {
            InstanceStatus done = await().atMost(DtkTestCluster.TIMEOUT).until(
                    () -> client.getStatus(id).join().orElse(null),
                    status -> status != null && status.runtimeStatus() == RuntimeStatus.Completed);
            assertThat(done.output().toString()).as(id).isEqualTo(HELLO_OUTPUT);
        }
        return ids;
    }
}
