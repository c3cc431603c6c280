package dev.dtk.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.SampleApp;
import dev.dtk.testkit.LibrdkafkaPartitioner;
import dev.dtk.testkit.TestKafka;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples' devices fed the way a service in any language would: plain JSON strings produced to
 * {@code dtk.commands} with librdkafka's partitioner, one {@code signal-entity} record per reading
 * keyed {@code @device@<id>}; a {@code DeviceReport} started the same way reads the aggregates, and the
 * entities' states are on {@code dtk.entities} for any reader.
 */
class KafkaNativeEntitiesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int DEVICES = 20;
    private static final int READINGS = 10;

    @Test
    void shouldAggregateReadingsSignalledByAnyKafkaClientAndReportThem(@TempDir Path dir) throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        try (LocalDtk dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { }), engine -> { });
                KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dtk.bootstrapServers(),
                        ProducerConfig.PARTITIONER_CLASS_CONFIG, LibrdkafkaPartitioner.class.getName()),
                        new StringSerializer(), new StringSerializer())) {
            for (int reading = 1; reading <= READINGS; reading++) {
                for (int device = 0; device < DEVICES; device++) {
                    producer.send(new ProducerRecord<>(Topics.COMMANDS, "@device@sensor-" + device,
                            "{\"type\": \"signal-entity\", \"operation\": \"record\", \"input\": " + (device + reading)
                                    + "}"));
                }
            }
            String ids = String.join(",", IntStream.range(0, DEVICES).mapToObj(d -> "\"sensor-" + d + "\"").toList());
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "@device@sensor-0",
                    "{\"type\": \"signal-entity\", \"operation\": \"record\", \"input\": \"not a number\"}"));
            producer.flush();

            try (TopicReader<JsonNode> states = new TopicReader<>(dtk.bootstrapServers(), Topics.ENTITIES,
                    JsonNode.class)) {
                await().atMost(WAIT).until(() -> states.records(s -> s != null && s.path("state").path("count")
                        .asInt() == READINGS).stream().map(r -> r.key()).distinct().count() == DEVICES);
            }
            producer.send(new ProducerRecord<>(Topics.COMMANDS, "report-1",
                    "{\"type\": \"start\", \"name\": \"DeviceReport\", \"input\": [" + ids + ", \"sensor-none\"]}"));
            producer.flush();

            try (TopicReader<JsonNode> statuses = new TopicReader<>(dtk.bootstrapServers(), Topics.INSTANCE_STATUS,
                    JsonNode.class)) {
                JsonNode report = await().atMost(WAIT).until(() -> statuses.values(s -> s != null
                        && "report-1".equals(s.path("instanceId").asText())
                        && "Completed".equals(s.path("runtimeStatus").asText())), l -> !l.isEmpty()).getFirst()
                        .path("output");
                assertThat(report.path("asked").asInt()).isEqualTo(DEVICES + 1);
                assertThat(report.path("devices").asInt()).isEqualTo(DEVICES);
                assertThat(report.path("readings").asLong()).isEqualTo((long) DEVICES * READINGS);
                // readings device + reading for reading 1..10: the mean is (DEVICES - 1) / 2 + 5.5
                assertThat(report.path("average").asDouble()).isEqualTo((DEVICES - 1) / 2.0 + 5.5);
                assertThat(report.path("min").asDouble()).isEqualTo(1.0);
                assertThat(report.path("max").asDouble()).isEqualTo(DEVICES - 1 + READINGS);
            }
        }
    }
}
