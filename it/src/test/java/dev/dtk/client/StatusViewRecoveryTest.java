package dev.dtk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.testkit.EmbeddedKafkaOnly;
import dev.dtk.testkit.TestKafkaCluster;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status view that starts while a broker is down, on a real three-broker cluster. The chaos run found
 * a gateway restarted right after a broker's {@code kill -9} that never became ready: its view's first
 * question for the end offsets went to the dead partition leader and timed out, and the view then
 * never asked again.
 */
class StatusViewRecoveryTest {

    @Test
    @EmbeddedKafkaOnly("stops an in-process broker, whose partitions stay led by it until the session timeout")
    void shouldBecomeReadyWhenItStartsWhileAPartitionLeaderIsDown(@TempDir Path dir) throws Exception {
        try (TestKafkaCluster kafka = TestKafkaCluster.start(dir.resolve("kafka"), 3)) {
            kafka.createTopics(4, List.of("default"));
            int leader = leaderOfFirstStatusPartition(kafka.bootstrapServers());

            kafka.stopBroker(leader);
            try (DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(kafka.bootstrapServers()))
                    .stateDir(dir.resolve("client")).eagerView(true).build()) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> client.health().ready());

                assertThat(client.health().kafkaReachable()).isTrue();
                assertThat(client.health().viewCaughtUp()).isTrue();
            }
        }
    }

    private static int leaderOfFirstStatusPartition(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // a topic just created reaches the metadata of the broker asked a moment later: until then it
            // answers UnknownTopicOrPartition (seen once in CI)
            TopicDescription status = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> admin.describeTopics(List.of(Topics.INSTANCE_STATUS)).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get(Topics.INSTANCE_STATUS),
                            d -> d.partitions().getFirst().leader() != null);
            return status.partitions().getFirst().leader().id();
        }
    }
}
