package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EmbeddedKafkaOnly("stops and restarts LocalKafka, the in-process broker of dtk dev, inside the test JVM")
class LocalKafkaTest {

    @Test
    void shouldKeepRecordsAcrossARestartOfTheBroker(@TempDir Path dir) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers",
                    kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "v")).get();
            }
        }
        try (LocalKafka kafka = LocalKafka.start(dir, 0);
                var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                        kafka.bootstrapServers(), "group.id", "g", "auto.offset.reset", "earliest"),
                        new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t"));
            ConsumerRecords<String, String> records = ConsumerRecords.empty();
            for (int i = 0; i < 50 && records.isEmpty(); i++) {
                records = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(records.records("t")).extracting(r -> r.value()).containsExactly("v");
        }
    }
}
