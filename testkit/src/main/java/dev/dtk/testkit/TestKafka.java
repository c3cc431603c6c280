package dev.dtk.testkit;

import dev.dtk.topics.Hub;
import dev.dtk.topics.Limits;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one Kafka broker fixture of dtk's tests: a real broker, in-process or in a container as
 * {@link KafkaMode} decides. Every integration test gets its broker here.
 *
 * <pre>{@code
 * try (TestKafka kafka = TestKafka.start(tempDir)) {
 *     kafka.createTopics(4, List.of("default"));
 *     ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class TestKafka implements AutoCloseable {

    private final KafkaMode mode;
    private final LocalKafka embedded;
    private final KafkaContainer container;
    private final Path dataDir;

    private TestKafka(KafkaMode mode, LocalKafka embedded, KafkaContainer container, Path dataDir) {
        this.mode = mode;
        this.embedded = embedded;
        this.container = container;
        this.dataDir = dataDir;
    }

    /** Starts a single broker; an embedded one keeps its data under {@code dataDir}. */
    public static TestKafka start(Path dataDir) {
        KafkaMode mode = KafkaMode.current();
        if (mode == KafkaMode.EMBEDDED) {
            return new TestKafka(mode, LocalKafka.start(dataDir, 0), null, dataDir);
        }
        Docker.require();
        KafkaContainer container = new KafkaContainer(image())
                .withEnv(BrokerSettings.containerEnv(BrokerSettings.shared(1)));
        container.start();
        return new TestKafka(mode, null, container, dataDir);
    }

    /** The {@code apache/kafka} image of container mode: {@value KafkaMode#IMAGE_PROPERTY}, or the default. */
    static DockerImageName image() {
        String image = System.getProperty(KafkaMode.IMAGE_PROPERTY, "");
        return DockerImageName.parse(image.isBlank() ? KafkaMode.DEFAULT_IMAGE : image.trim())
                .asCompatibleSubstituteFor("apache/kafka");
    }

    public KafkaMode mode() {
        return mode;
    }

    public String bootstrapServers() {
        return embedded != null ? embedded.bootstrapServers() : container.getBootstrapServers();
    }

    /** Where this broker keeps test data of its own (an embedded broker's log folder lives below). */
    public Path dataDir() {
        return dataDir;
    }

    /** Creates dtk's topics (replication 1) for {@code queues}. */
    public void createTopics(int partitions, Collection<String> queues) {
        createTopics(Hub.DEFAULT, partitions, queues);
    }

    /** Creates the topics of {@code hub} (replication 1) for {@code queues}. */
    public void createTopics(Hub hub, int partitions, Collection<String> queues) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            new TopicProvisioner(admin).ensure(Topics.all(hub, partitions, (short) 1, queues, Limits.DEFAULT));
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
        if (container != null) {
            container.stop();
        }
    }
}
