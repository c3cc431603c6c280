package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three brokers as their own processes (or containers): one is killed with SIGKILL and comes back. */
class TestKafkaClusterKillTest {

    @Test
    void shouldKeepAcceptingWritesWhenABrokerIsKilledAndLetItRejoin(@TempDir Path dir) throws Exception {
        try (TestKafkaCluster kafka = TestKafkaCluster.startKillable(dir, 3);
                ClusterProbe commands = new ClusterProbe(kafka, Topics.COMMANDS)) {
            kafka.createTopics(1, List.of());
            commands.write("before");

            int leader = commands.leader();
            kafka.killBroker(leader);
            commands.write("after the kill");
            assertThat(kafka.brokersInCluster()).doesNotContain(leader).hasSize(2);

            kafka.startBroker(leader);
            assertThat(kafka.brokersInCluster()).containsExactlyInAnyOrder(1, 2, 3);
            await().atMost(ClusterProbe.TIMEOUT).untilAsserted(() -> assertThat(commands.inSync()).contains(leader));
            assertThat(commands.read(2)).containsExactly("before", "after the kill");
        }
    }
}
