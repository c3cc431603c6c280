package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void shouldReplicateEverythingThreeTimesAndWantTwoInSyncOnThreeBrokers() {
        Map<String, String> settings = BrokerSettings.shared(3);

        assertThat(settings).containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                .containsEntry("share.coordinator.state.topic.min.isr", "2")
                .containsEntry("broker.session.timeout.ms", "3000")
                .containsEntry("add.partitions.to.txn.retry.backoff.ms", "2");
        assertThat(BrokerSettings.replicationFactor(3)).isEqualTo((short) 3);
        assertThat(BrokerSettings.replicationFactor(5)).isEqualTo((short) 3);
        assertThat(BrokerSettings.minInSyncReplicas(5)).isEqualTo(2);
    }

    @Test
    void shouldKeepKafkasInternalTopicsOnOneReplicaOnASingleBroker() {
        Map<String, String> settings = BrokerSettings.shared(1);

        assertThat(settings).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                // a broker restarted after a kill registers again once its killed incarnation's session ends
                .containsEntry("broker.session.timeout.ms", "3000");
    }

    @Test
    void shouldRefuseAClusterWithoutBrokers() {
        assertThatThrownBy(() -> BrokerSettings.shared(0))
                .hasMessage("a Kafka cluster needs at least one broker, got 0");
    }

    @Test
    void shouldMakeEveryNodeAVoterListeningOnItsOwnPorts() {
        String voters = BrokerSettings.voters(List.of(9101, 9102, 9103));
        Map<String, String> node = BrokerSettings.node(2, 3, voters, 9002, 9102, Path.of("/data/broker-2/logs"));

        assertThat(voters).isEqualTo("1@localhost:9101,2@localhost:9102,3@localhost:9103");
        assertThat(node).containsEntry("node.id", "2")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", voters)
                .containsEntry("listeners", "PLAINTEXT://localhost:9002,CONTROLLER://localhost:9102")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9002")
                .containsEntry("log.dirs", "/data/broker-2/logs")
                .containsEntry("min.insync.replicas", "2");
    }

    @Test
    void shouldNameSettingsAsTheApacheKafkaImageReadsThemFromItsEnvironment() {
        assertThat(BrokerSettings.envName("transaction.state.log.min.isr"))
                .isEqualTo("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR");
        assertThat(BrokerSettings.envName("abc-def")).isEqualTo("KAFKA_ABC___DEF");
        assertThat(BrokerSettings.envName("abc_def")).isEqualTo("KAFKA_ABC__DEF");
        assertThat(BrokerSettings.containerEnv(BrokerSettings.shared(3)))
                .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                .hasSameSizeAs(BrokerSettings.shared(3));
    }

    @Test
    void shouldLetEveryContainerVoteUnderItsNetworkAlias() {
        assertThat(BrokerContainer.voters(3))
                .isEqualTo("1@dtk-kafka-1:9094,2@dtk-kafka-2:9094,3@dtk-kafka-3:9094");
    }
}
