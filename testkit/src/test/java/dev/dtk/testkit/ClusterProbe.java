package dev.dtk.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes with acks=all to partition 0 of one topic of a test cluster, reads it back, and looks at its replicas. */
final class ClusterProbe implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String topic;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;

    ClusterProbe(TestKafkaCluster kafka, String topic) {
        this.bootstrapServers = kafka.bootstrapServers();
        this.topic = topic;
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
                "linger.ms", 0), new StringSerializer(), new StringSerializer());
    }

    /** Returns once the write is acknowledged by every replica in sync (at least two). */
    void write(String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, 0, "k", value)).get(30, TimeUnit.SECONDS);
    }

    /** The first {@code count} values of the partition, read from the start. */
    List<String> read(int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                bootstrapServers, "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= count;
            });
            return values;
        }
    }

    int leader() throws Exception {
        return partition().leader().id();
    }

    List<Integer> replicas() throws Exception {
        return partition().replicas().stream().map(Node::id).toList();
    }

    List<Integer> inSync() throws Exception {
        return partition().isr().stream().map(Node::id).toList();
    }

    String minInSyncReplicas() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        return config.get("min.insync.replicas").value();
    }

    private TopicPartitionInfo partition() throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic);
        return description.partitions().getFirst();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
    }
}
