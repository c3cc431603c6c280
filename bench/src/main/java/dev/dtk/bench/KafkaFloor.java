package dev.dtk.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor: one plain produce → consume round trip on the same broker, no dtk involved. Raw Kafka
 * clients on purpose (not {@link dev.dtk.client.DtkClient}): this measures Kafka, the figure dtk's own
 * latencies are read against, so nothing of dtk may be in its path.
 */
final class KafkaFloor {

    private KafkaFloor() {
    }

    static Percentiles roundTrips(String bootstrapServers, int count) throws Exception {
        String topic = "bench.floor";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        List<Long> micros = new ArrayList<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new LongSerializer());
                var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new LongDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < count; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k", sent));
                boolean received = false;
                while (!received) {
                    for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() == sent) {
                            micros.add((System.nanoTime() - sent) / 1_000);
                            received = true;
                        }
                    }
                }
            }
        }
        return new Percentiles(micros);
    }
}
