package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.topics.Hub;
import dev.dtk.topics.json.DtkJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's window on one hub's {@code <hub>.dead-letters}: reads the latest dead letters (newest
 * first), and re-drives a corrected record to the topic its original came from. Re-driving goes only
 * to the hub's topics dtk reads its input from ({@code <hub>.commands}, {@code <hub>.activity-results},
 * {@code <hub>.tasks.<queue>}); the record carries a {@code dtk-redriven-from} header naming the dead
 * letter. Its Kafka clients are made on first use and used one request at a time.
 */
public final class DeadLetterDesk implements AutoCloseable {

    public static final String REDRIVEN_FROM = "dtk-redriven-from";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDesk.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Map<String, Object> kafka;
    private final Hub hub;
    private KafkaConsumer<byte[], byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetterDesk(Map<String, Object> kafka, Hub hub) {
        this.kafka = Map.copyOf(kafka);
        this.hub = hub;
    }

    /** The latest {@code top} dead letters, newest first, each with where it sits ({@code deadLetterPartition}, ...). */
    public synchronized List<JsonNode> latest(int top) {
        KafkaConsumer<byte[], byte[]> reader = consumer();
        List<PartitionInfo> infos = reader.partitionsFor(hub.deadLetters(), READ_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw ApiError.unavailable("The topic " + hub.deadLetters() + " does not exist yet (dtk topics create"
                    + (hub.isDefault() ? "" : " --hub " + hub.name()) + ").");
        }
        List<TopicPartition> partitions = infos.stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        reader.assign(partitions);
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> begins = reader.beginningOffsets(partitions, READ_TIMEOUT);
        for (TopicPartition partition : partitions) {
            reader.seek(partition, Math.max(begins.get(partition), ends.get(partition) - top));
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(p -> reader.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
            reader.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records.stream()
                .sorted(Comparator.comparingLong((ConsumerRecord<byte[], byte[]> r) -> r.timestamp())
                        .thenComparingLong(ConsumerRecord::offset).reversed())
                .limit(top).map(DeadLetterDesk::shown).toList();
    }

    private static JsonNode shown(ConsumerRecord<byte[], byte[]> record) {
        ObjectNode node;
        try {
            JsonNode parsed = DtkJson.mapper().readTree(record.value());
            node = parsed instanceof ObjectNode object ? object : DtkJson.mapper().createObjectNode().set("raw", parsed);
        } catch (Exception e) {
            node = DtkJson.mapper().createObjectNode().put("raw",
                    record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
        }
        node.put("deadLetterPartition", record.partition());
        node.put("deadLetterOffset", record.offset());
        return node;
    }

    /** The topics a corrected record may go to, for messages. */
    public String redrivableTopics() {
        return hub.commands() + ", " + hub.activityResults() + " or " + hub.tasksPrefix() + "<queue>";
    }

    /** Produces {@code value} under {@code key} to {@code topic}; {@code from} names the dead letter (may be null). */
    public synchronized RecordMetadata redrive(String topic, String key, byte[] value, String from) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (from != null) {
            record.headers().add(REDRIVEN_FROM, from.getBytes(StandardCharsets.UTF_8));
        }
        try {
            RecordMetadata written = producer().send(record).get(30, TimeUnit.SECONDS);
            LOG.info("re-drove a record for key {} to {}-{}@{} (from {})", key, written.topic(), written.partition(),
                    written.offset(), from);
            return written;
        } catch (ExecutionException | TimeoutException e) {
            throw ApiError.unavailable("Kafka did not take the re-driven record: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.unavailable("interrupted");
        }
    }

    /** Whether a corrected record may go to {@code topic}: only to the hub's topics dtk reads its input from. */
    public boolean redrivable(String topic) {
        if (topic == null) {
            return false;
        }
        if (topic.equals(hub.commands()) || topic.equals(hub.activityResults())) {
            return true;
        }
        if (!topic.startsWith(hub.tasksPrefix())) {
            return false;
        }
        try {
            hub.tasks(topic.substring(hub.tasksPrefix().length()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.remove(ConsumerConfig.GROUP_ID_CONFIG);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>(kafka);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }
}
