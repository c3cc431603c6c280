package dev.dtk.testkit;

import dev.dtk.topics.json.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the start, without a group, and keeps what it has read. Not thread-safe:
 * use it from one thread (with Awaitility, {@code pollInSameThread()}).
 */
public final class TopicReader<T> implements AutoCloseable {

    private final KafkaConsumer<String, T> consumer;
    private final List<ConsumerRecord<String, T>> read = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic, Class<T> type) {
        consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
                new StringDeserializer(), JsonSerde.of(type).deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last call; returns the records read so far that match. */
    public List<ConsumerRecord<String, T>> records(Predicate<T> matching) {
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
        return read.stream().filter(r -> matching.test(r.value())).toList();
    }

    public List<T> values(Predicate<T> matching) {
        return records(matching).stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
