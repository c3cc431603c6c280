package dev.dtk.hubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.activity.ActivityRegistry;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.samples.HelloSequence;
import dev.dtk.samples.SayHello;
import dev.dtk.testkit.EmbeddedKafkaOnly;
import dev.dtk.testkit.LocalKafka;
import dev.dtk.topics.Hub;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Limits;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker that authorizes every request, with two principals each granted exactly the README's ACLs
 * for its hub (prefix {@code <hub>.}): each runs its hub's engine, workers and client end to end, and is
 * refused the other hub's topics and groups.
 */
@EmbeddedKafkaOnly("configures the in-process broker with SASL/PLAIN and an authorizer")
class HubAclTest {

    static final Hub RED = Hub.of("red");
    static final Hub BLUE = Hub.of("blue");

    @TempDir
    static Path dir;
    static LocalKafka kafka;
    static final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.startWithAcls(dir.resolve("kafka"), "admin",
                Map.of("admin", "admin-secret", "red", "red-secret", "blue", "blue-secret"));
        try (Admin admin = Admin.create(clientSettings("admin"))) {
            for (Hub hub : List.of(RED, BLUE)) {
                new TopicProvisioner(admin).ensure(Topics.all(hub, 2, (short) 1, List.of("default", "http"),
                        Limits.DEFAULT));
                admin.createAcls(hubAcls(hub, "User:" + hub.name())).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        kafka.close();
    }

    /** The ACLs of the README's table: everything on the prefix {@code <hub>.}. */
    static List<AclBinding> hubAcls(Hub hub, String principal) {
        List<AclBinding> acls = new ArrayList<>();
        Map<ResourceType, List<AclOperation>> grants = Map.of(
                ResourceType.TOPIC, List.of(AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                        AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS),
                ResourceType.GROUP, List.of(AclOperation.READ, AclOperation.DESCRIBE),
                ResourceType.TRANSACTIONAL_ID, List.of(AclOperation.WRITE, AclOperation.DESCRIBE));
        grants.forEach((type, operations) -> operations.forEach(operation -> acls.add(new AclBinding(
                new ResourcePattern(type, hub.prefix(), PatternType.PREFIXED),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)))));
        return acls;
    }

    static Map<String, Object> clientSettings(String user) {
        Map<String, Object> settings = new HashMap<>(LocalKafka.saslPlain(user, user + "-secret"));
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        return settings;
    }

    static KafkaSettings kafkaAs(String user) {
        return KafkaSettings.builder().bootstrapServers(kafka.bootstrapServers())
                .setAll(LocalKafka.saslPlain(user, user + "-secret")).build();
    }

    /** The hub's engine, worker and client, all as the hub's own principal. */
    static DtkClient runHub(Hub hub) throws Exception {
        KafkaSettings settings = kafkaAs(hub.name());
        OrchestratorRegistry orchestrators = OrchestratorRegistry.builder()
                .register(HelloSequence.NAME, new HelloSequence()).build();
        DtkEngine engine = DtkEngine.start(EngineConfig.builder().kafka(settings).hub(hub)
                .stateDir(dir.resolve("engine-" + hub)).build(), orchestrators);
        running.add(engine);
        running.add(ActivityWorker.start(WorkerConfig.builder().kafka(settings).hub(hub).build(),
                ActivityRegistry.builder().register(SayHello.NAME, new SayHello()).build()));
        engine.awaitRunning(Duration.ofSeconds(60));
        DtkClient client = DtkClient.builder().kafka(settings).hub(hub).stateDir(dir.resolve("client-" + hub)).build();
        running.add(client);
        return client;
    }

    @Test
    void shouldRunEachHubAsItsOwnPrincipalWithOnlyItsPrefixedAcls() throws Exception {
        DtkClient red = runHub(RED);
        DtkClient blue = runHub(BLUE);

        red.startNew(HelloSequence.NAME, "order-1", null).join();
        blue.startNew(HelloSequence.NAME, "order-1", null).join();

        InstanceStatus redDone = red.waitForCompletion("order-1", Duration.ofSeconds(60)).join();
        InstanceStatus blueDone = blue.waitForCompletion("order-1", Duration.ofSeconds(60)).join();
        assertThat(redDone.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(blueDone.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(redDone.output().toString()).isEqualTo("[\"Hello Tokyo!\",\"Hello Seattle!\",\"Hello London!\"]");
    }

    @Test
    void shouldDenyAHubsPrincipalTheOtherHubsTopicsAndGroups() {
        Map<String, Object> red = clientSettings("red");
        red.put("max.block.ms", "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(red, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(BLUE.commands(), "order-1",
                    "{\"type\":\"start\",\"name\":\"HelloSequence\"}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining("blue.commands");
        }
        Map<String, Object> reader = new HashMap<>(red);
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, BLUE.engineApplicationId());
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(RED.commands()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class).hasMessageContaining("blue.engine");
        }
        Map<String, Object> statusReader = new HashMap<>(red);
        statusReader.put(ConsumerConfig.GROUP_ID_CONFIG, RED.prefix() + "reader");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(statusReader, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(BLUE.instanceStatus()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining("blue.instance-status");
        }
    }
}
