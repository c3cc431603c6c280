package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.worker.WorkerConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private final WorkerConfig config = WorkerConfig.builder().bootstrapServers("b:9092").queue("q")
            .kafka(Map.of("security.protocol", "SASL_SSL", "max.poll.records", "10", "batch.size", "1000",
                    "linger.ms", "1"))
            .build();

    @Test
    void shouldSetUpTheConsumerForAtLeastOnceWithoutWaitingForTransactions() {
        Map<String, Object> consumer = ClientSettings.consumer(config);

        assertThat(consumer).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("group.id", "dtk-workers-q")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_uncommitted")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("max.poll.records", "10")
                .doesNotContainKeys("batch.size", "linger.ms");
    }

    @Test
    void shouldSetUpTheProducerForDurableLowLatencyResults() {
        Map<String, Object> producer = ClientSettings.producer(config);

        assertThat(producer).containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("batch.size", "1000")
                .containsEntry("linger.ms", "1")
                .doesNotContainKeys("max.poll.records", "group.id");
    }
}
