package dev.dtk.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dtk.testkit.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TopicProvisioner} against a real broker (in-process KRaft). The tests share one broker;
 * each starts from a broker without dtk topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopicProvisionerTest {

    private static final short ONE_REPLICA = 1;
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private TestKafka kafka;
    private Admin admin;
    private TopicProvisioner provisioner;

    @BeforeAll
    void startBroker(@TempDir Path dir) {
        kafka = TestKafka.start(dir);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        provisioner = new TopicProvisioner(admin);
    }

    @AfterAll
    void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void deleteDtkTopics() throws Exception {
        Set<String> dtk = dtkTopics();
        if (!dtk.isEmpty()) {
            admin.deleteTopics(dtk).all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> dtkTopics().isEmpty());
    }

    @Test
    void shouldCreateEveryTopicWithItsPartitionsAndSettings() throws Exception {
        List<String> created = provisioner.ensure(Topics.all(3, ONE_REPLICA, List.of("default", "sms")));

        assertThat(created).containsExactlyInAnyOrder(Topics.COMMANDS, Topics.ACTIVITY_RESULTS,
                Topics.INSTANCE_STATUS, Topics.ENTITIES, Topics.DEAD_LETTERS, "dtk.tasks.default", "dtk.tasks.sms");
        assertThat(partitions(created)).isEqualTo(Map.of(
                Topics.COMMANDS, 3,
                Topics.ACTIVITY_RESULTS, 3,
                Topics.INSTANCE_STATUS, 3,
                Topics.ENTITIES, 3,
                Topics.DEAD_LETTERS, 1,
                "dtk.tasks.default", 3,
                "dtk.tasks.sms", 3));
        Config status = config(Topics.INSTANCE_STATUS);
        assertThat(status.get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(config(Topics.ENTITIES).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(status.get("min.compaction.lag.ms").value()).isEqualTo("60000");
        String week = Long.toString(7 * DAY_MS);
        assertThat(config(Topics.COMMANDS).get("retention.ms").value()).isEqualTo(week);
        assertThat(config(Topics.ACTIVITY_RESULTS).get("retention.ms").value()).isEqualTo(week);
        assertThat(config("dtk.tasks.default").get("retention.ms").value()).isEqualTo(week);
        assertThat(config(Topics.DEAD_LETTERS).get("retention.ms").value()).isEqualTo(Long.toString(30 * DAY_MS));
        assertThat(config(Topics.COMMANDS).get("cleanup.policy").value()).isEqualTo("delete");
    }

    @Test
    void shouldCreateNothingAndChangeNothingWhenEverythingExists() throws Exception {
        List<TopicSpec> specs = Topics.all(2, ONE_REPLICA, List.of("default"));
        provisioner.ensure(specs);
        awaitListed(names(specs));
        Map<String, TopicDescription> before = descriptions();
        Config statusBefore = config(Topics.INSTANCE_STATUS);

        List<String> created = provisioner.ensure(Topics.all(5, ONE_REPLICA, List.of("default")));

        assertThat(created).isEmpty();
        Map<String, TopicDescription> after = descriptions();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((name, d) -> {
            assertThat(d.topicId()).as("topic ID of %s", name).isEqualTo(before.get(name).topicId());
            assertThat(d.partitions()).as("partitions of %s", name).hasSameSizeAs(before.get(name).partitions());
        });
        assertThat(config(Topics.INSTANCE_STATUS)).isEqualTo(statusBefore);
    }

    @Test
    void shouldCreateActivityResultsWithThePartitionCountOfExistingCommands() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.COMMANDS, 4, ONE_REPLICA))).all().get();
        awaitListed(List.of(Topics.COMMANDS));

        List<TopicSpec> specs = Topics.all(2, ONE_REPLICA, List.of("default"));
        List<String> created = provisioner.ensure(specs);

        assertThat(created).doesNotContain(Topics.COMMANDS).contains(Topics.ACTIVITY_RESULTS);
        Map<String, Integer> partitions = partitions(names(specs));
        assertThat(partitions).containsEntry(Topics.COMMANDS, 4).containsEntry(Topics.ACTIVITY_RESULTS, 4);
        assertThat(partitions).as("topics not joined with commands keep the requested count")
                .containsEntry(Topics.INSTANCE_STATUS, 2).containsEntry("dtk.tasks.default", 2)
                .containsEntry(Topics.DEAD_LETTERS, 1);
    }

    @Test
    void shouldRefuseWhenCommandsAndActivityResultsHaveDifferentPartitionCounts() throws Exception {
        admin.createTopics(List.of(new NewTopic(Topics.COMMANDS, 2, ONE_REPLICA),
                new NewTopic(Topics.ACTIVITY_RESULTS, 3, ONE_REPLICA))).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> dtkTopics().size() == 2);

        assertThatThrownBy(() -> provisioner.ensure(Topics.all(2, ONE_REPLICA, List.of("default"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("topics [dtk.commands, dtk.activity-results] must have the same number of partitions"
                        + " (the engine joins them by instance ID), but have {dtk.commands=2,"
                        + " dtk.activity-results=3}. Recreate one of them with the other's partition count.");
        assertThat(dtkTopics()).as("nothing is created after the refusal")
                .containsExactlyInAnyOrder(Topics.COMMANDS, Topics.ACTIVITY_RESULTS);
    }

    @Test
    void shouldAddTheTopicOfANewQueueOnALaterEnsure() throws Exception {
        List<TopicSpec> first = Topics.all(2, ONE_REPLICA, List.of("default"));
        provisioner.ensure(first);
        awaitListed(names(first));

        List<String> created = provisioner.ensure(Topics.all(2, ONE_REPLICA, List.of("default", "sms")));

        assertThat(created).containsExactly("dtk.tasks.sms");
        assertThat(partitions(created)).containsEntry("dtk.tasks.sms", 2);
        assertThat(config("dtk.tasks.sms").get("retention.ms").value()).isEqualTo(Long.toString(7 * DAY_MS));
    }

    private Set<String> dtkTopics() throws Exception {
        return admin.listTopics().names().get().stream()
                .filter(name -> name.startsWith(Topics.PREFIX))
                .collect(Collectors.toSet());
    }

    private void awaitListed(Collection<String> expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> dtkTopics().containsAll(expected));
    }

    private static List<String> names(List<TopicSpec> specs) {
        return specs.stream().map(TopicSpec::name).toList();
    }

    private Map<String, TopicDescription> descriptions() throws Exception {
        return new TreeMap<>(admin.describeTopics(dtkTopics()).allTopicNames().get());
    }

    /** Partition counts of the dtk topics, once the broker lists all of {@code expected} (metadata lags). */
    private Map<String, Integer> partitions(Collection<String> expected) throws Exception {
        awaitListed(expected);
        return descriptions().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().partitions().size()));
    }

    private Config config(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
