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
import dev.dtk.topics.message.RuntimeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine's query endpoint finds the engine that runs an instance's partition from the instance ID,
 * also beside an engine that has no endpoint (Kafka Streams' own key lookup then counts only the
 * partitions of engines with one, and named partitions that no engine or the wrong one runs).
 */
class HistoryRoutingTest {

    private static final int PARTITIONS = 4;

    @Test
    void shouldAnswerForItsOwnPartitionsAndSayWhichPartitionHasNoEndpoint(@TempDir Path dir) throws Exception {
        AppCatalog apps = TestOrchestrations.catalog();
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
                LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), null, PARTITIONS, apps, engine -> { });
                DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(kafka.bootstrapServers()))
                        .stateDir(dir.resolve("client")).build()) {
            EngineConfig.Builder withoutEndpoint = EngineConfig.builder().bootstrapServers(kafka.bootstrapServers())
                    .stateDir(dir.resolve("engine-2"));
            apps.routes().forEach(withoutEndpoint::route);
            try (DtkEngine other = DtkEngine.start(withoutEndpoint.build(), apps.orchestrators())) {
                DtkEngine withEndpoint = dtk.engine();
                assertThat(other.queryUrl()).as("the second engine's endpoint").isEmpty();
                await().atMost(DtkTestCluster.TIMEOUT).until(() -> withEndpoint.state() == KafkaStreams.State.RUNNING
                        && other.state() == KafkaStreams.State.RUNNING && !withEndpoint.activePartitions().isEmpty()
                        && !other.activePartitions().isEmpty());
                Set<Integer> own = withEndpoint.activePartitions();
                List<String> ids = IntStream.range(0, 12).mapToObj(i -> "routed-" + i).toList();
                ids.forEach(id -> client.startNew("HelloSequence", id, null).join());
                ids.forEach(id -> await().atMost(DtkTestCluster.TIMEOUT).until(
                        () -> client.getStatus(id).join().map(s -> s.runtimeStatus() == RuntimeStatus.Completed)
                                .orElse(false)));
                assertThat(ids).as("instances on both engines' partitions")
                        .anyMatch(id -> own.contains(Topics.partitionOf(id, PARTITIONS)))
                        .anyMatch(id -> !own.contains(Topics.partitionOf(id, PARTITIONS)));

                HttpClient http = HttpClient.newHttpClient();
                String base = withEndpoint.queryUrl().orElseThrow();
                for (String id : ids) {
                    int partition = Topics.partitionOf(id, PARTITIONS);
                    HttpResponse<String> history = http.send(HttpRequest.newBuilder(
                                    URI.create(base + "/instances/" + id + "/history?showHistoryOutput=true"))
                            .header("Authorization", "Bearer " + dtk.engineQuerySecret()).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (own.contains(partition)) {
                        assertThat(history.statusCode()).as("%s on partition %d, run here", id, partition)
                                .isEqualTo(200);
                        assertThat(history.body()).contains("ExecutionStarted", "Hello London!");
                    } else {
                        assertThat(history.statusCode()).as("%s on partition %d, run without an endpoint", id,
                                partition).isEqualTo(503);
                        assertThat(history.body()).contains("partition " + partition, "no query endpoint");
                    }
                }
            }
        }
    }
}
