package dev.dtk.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private static WorkerConfig.Builder valid() {
        return WorkerConfig.builder().bootstrapServers("localhost:9092");
    }

    @Test
    void shouldUseTheDefaultsWhenOnlyTheClusterIsGiven() {
        WorkerConfig config = valid().build();

        assertThat(config.queue()).isEqualTo("default");
        assertThat(config.taskTopic()).isEqualTo("dtk.tasks.default");
        assertThat(config.groupId()).isEqualTo("dtk-workers-default");
        assertThat(config.maxInFlight()).isEqualTo(64);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kafka()).isEmpty();
    }

    @Test
    void shouldNameTheGroupAfterTheQueue() {
        assertThat(valid().queue("sms").build().groupId()).isEqualTo("dtk-workers-sms");
        assertThat(valid().queue("sms").groupId("mine").build().groupId()).isEqualTo("mine");
    }

    @Test
    void shouldReadTheHubsTasksAndJoinTheHubsGroup() {
        WorkerConfig config = WorkerConfig.builder().bootstrapServers("k:9092").hub(dev.dtk.topics.Hub.of("billing"))
                .queue("sms").build();

        assertThat(config.taskTopic()).isEqualTo("billing.tasks.sms");
        assertThat(config.groupId()).isEqualTo("billing.workers.sms");
    }

    @Test
    void shouldRequireTheBootstrapServers() {
        assertThatThrownBy(() -> WorkerConfig.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bootstrapServers must be set to the Kafka cluster's address, e.g. localhost:9092");
        assertThatThrownBy(() -> WorkerConfig.builder().bootstrapServers(" ").build())
                .hasMessageStartingWith("bootstrapServers must be set");
    }

    @Test
    void shouldRefuseAnInvalidQueueName() {
        assertThatThrownBy(() -> valid().queue("no spaces").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("queue: invalid queue name 'no spaces': use 1-200 letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> valid().queue(null).build()).hasMessageStartingWith("queue: invalid queue name");
    }

    @Test
    void shouldRefuseLessThanOneTaskInFlight() {
        assertThatThrownBy(() -> valid().maxInFlight(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxInFlight must be at least 1, but was 0");
        assertThat(valid().maxInFlight(1).build().maxInFlight()).isEqualTo(1);
    }

    @Test
    void shouldRefuseANegativeOrMissingShutdownTimeout() {
        assertThatThrownBy(() -> valid().shutdownTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shutdownTimeout must be zero or positive, but was PT-1S");
        assertThatThrownBy(() -> valid().shutdownTimeout(null).build())
                .hasMessage("shutdownTimeout must be zero or positive, but was null");
        assertThat(valid().shutdownTimeout(Duration.ZERO).build().shutdownTimeout()).isZero();
    }

    @Test
    void shouldRefuseABlankGroupId() {
        assertThatThrownBy(() -> valid().groupId("").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("groupId must not be blank (leave it unset for the hub's group of the queue)");
    }

    @Test
    void shouldRefuseKafkaSettingsTheWorkerManages() {
        assertThatThrownBy(() -> valid().kafka(Map.of("enable.auto.commit", "true")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka setting 'enable.auto.commit' cannot be passed through: workers commit a task's"
                        + " offset only after its result was acknowledged");
    }

    @Test
    void shouldRefuseAKafkaSettingWithoutValue() {
        Map<String, String> settings = new HashMap<>();
        settings.put("security.protocol", null);

        assertThatThrownBy(() -> valid().kafka(settings).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka setting 'security.protocol' has no value");
    }

    @Test
    void shouldRedactSecretsWhenPrinted() {
        WorkerConfig config = valid().queue("q").kafka(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"p\";",
                "ssl.truststore.password", "changeit",
                "sasl.oauthbearer.token.endpoint.url", "https://idp",
                "client.secret", "s3cr3t")).build();

        assertThat(config.toString())
                .isEqualTo("WorkerConfig{hub=dtk, queue=q, groupId=dtk-workers-q, maxInFlight=64, shutdownTimeout=PT30S,"
                        + " activityTimeout=PT5M, taskIsolation=read_uncommitted,"
                        + " kafka={bootstrap.servers=localhost:9092, client.secret=[redacted],"
                        + " sasl.jaas.config=[redacted], sasl.oauthbearer.token.endpoint.url=[redacted],"
                        + " security.protocol=SASL_SSL, ssl.truststore.password=[redacted]}}")
                .doesNotContain("changeit", "s3cr3t", "PlainLoginModule");
    }

    @Test
    void shouldKeepTheBuiltConfigUnchangedWhenTheBuilderChanges() {
        WorkerConfig.Builder builder = valid().kafka(Map.of("security.protocol", "SSL"));
        WorkerConfig config = builder.build();
        builder.kafka(Map.of("client.rack", "a"));

        assertThat(config.kafka()).containsOnlyKeys("security.protocol");
        assertThatThrownBy(() -> config.kafka().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldReadTasksUncommittedUnlessTheQueueOptsIntoReadCommitted() {
        assertThat(valid().build().isolationLevel()).isEqualTo("read_uncommitted");
        assertThat(valid().taskIsolation("read_committed").build().readCommitted()).isTrue();
        assertThat(valid().readCommitted(true).build().toString()).contains("taskIsolation=read_committed");

        assertThatThrownBy(() -> valid().taskIsolation("serializable"))
                .hasMessage("task isolation (DTK_TASK_ISOLATION) must be read_uncommitted or read_committed, but was"
                        + " 'serializable'");
    }
}
