package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three brokers (in this JVM, or containers), one of them stopped for a while: writes that need two
 * replicas in sync go on. One cluster for the class: starting and closing one costs ~10 s.
 */
class TestKafkaClusterTest {

    @TempDir
    static Path dir;
    private static TestKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = TestKafkaCluster.start(dir, 3);
        kafka.createTopics(1, List.of());
    }

    @AfterAll
    static void closeCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldReplicateDtksTopicsThreeTimesAndWantTwoReplicasInSync() throws Exception {
        try (ClusterProbe commands = new ClusterProbe(kafka, Topics.COMMANDS)) {
            assertThat(kafka.brokerCount()).isEqualTo(3);
            assertThat(commands.replicas()).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(commands.minInSyncReplicas()).isEqualTo("2");
        }
    }

    @Test
    void shouldAcceptAndServeWritesWhileOneOfThreeBrokersIsStoppedAndTakeItBack() throws Exception {
        try (ClusterProbe results = new ClusterProbe(kafka, Topics.ACTIVITY_RESULTS)) {
            results.write("before");

            int leader = results.leader();
            kafka.stopBroker(leader);
            results.write("while one is down");
            assertThat(results.read(2)).containsExactly("before", "while one is down");
            assertThat(results.leader()).isNotEqualTo(leader);
            assertThatThrownBy(() -> kafka.stopBroker(leader)).hasMessage("broker " + leader + " is not running");

            kafka.startBroker(leader);
            assertThat(kafka.brokersInCluster()).containsExactlyInAnyOrder(1, 2, 3);
            await().atMost(ClusterProbe.TIMEOUT).untilAsserted(() -> assertThat(results.inSync()).hasSize(3));
        }
    }

    @Test
    void shouldSayWhatIsWrongWithABrokerNumberOrAKillOfABrokerInThisJvm() {
        assertThatThrownBy(() -> kafka.stopBroker(4)).hasMessage("no broker 4: the brokers are 1 to 3");
        assertThatThrownBy(() -> kafka.startBroker(0)).hasMessage("no broker 0: the brokers are 1 to 3");
        if (!kafka.killable()) {
            assertThatThrownBy(() -> kafka.killBroker(1)).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("broker 1 runs inside the test JVM and cannot be killed: start the cluster with"
                            + " TestKafkaCluster.startKillable to kill brokers");
        }
    }
}
