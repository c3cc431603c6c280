package dev.dtk.worker;

import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityTask;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A real broker with dtk's topics for the given queues, and ways to put tasks on them and look at offsets. */
final class WorkerBroker implements AutoCloseable {

    static final int PARTITIONS = 4;

    private final TestKafka kafka;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    WorkerBroker(Path dataDir, List<String> queues) {
        kafka = TestKafka.start(dataDir);
        kafka.createTopics(PARTITIONS, queues);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "linger.ms", 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    WorkerConfig.Builder config(String queue) {
        return WorkerConfig.builder().bootstrapServers(bootstrapServers()).queue(queue)
                .shutdownTimeout(Duration.ofSeconds(20));
    }

    static ActivityTask task(String instanceId, int taskId, String name, Object input) {
        return new ActivityTask(1, instanceId, "e-" + instanceId, taskId, name, DtkJson.toTree(input), null);
    }

    void send(String queue, ActivityTask task) {
        send(queue, null, task.instanceId(), taskJson(task));
    }

    byte[] taskJson(ActivityTask task) {
        return DtkJson.write(task);
    }

    /** Sends {@code value} as it is, to a given partition when {@code partition} is not null. */
    void send(String queue, Integer partition, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.tasks(queue), partition, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not send a task", e);
        }
    }

    /** Sends {@code task} to a partition in a transaction, as the engine does: a commit marker follows it. */
    void sendInTransaction(String queue, int partition, ActivityTask task) {
        try (KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(Map.of("bootstrap.servers",
                kafka.bootstrapServers(), "transactional.id", "test-" + java.util.UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer())) {
            transactional.initTransactions();
            transactional.beginTransaction();
            transactional.send(new ProducerRecord<>(Topics.tasks(queue), partition, task.instanceId(), taskJson(task)));
            transactional.commitTransaction();
        }
    }

    /** The end offset of one partition of the queue's topic. */
    long endOffset(String queue, int partition) throws Exception {
        TopicPartition tp = new TopicPartition(Topics.tasks(queue), partition);
        return admin.listOffsets(Map.of(tp, org.apache.kafka.clients.admin.OffsetSpec.latest())).partitionResult(tp)
                .get().offset();
    }

    /** The offsets the group has committed on the queue's topic, by partition. */
    Map<Integer, Long> committedOffsets(String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
    }

    /** How many members of the group have partitions assigned, once the group is stable; 0 before. */
    int membersWithPartitions(String groupId) throws Exception {
        ConsumerGroupDescription group =
                admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId).get();
        if (group.groupState() != GroupState.STABLE) {
            return 0;
        }
        return (int) group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        kafka.close();
    }
}
