package dev.dtk.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

    @Test
    void shouldTakeEnvironmentThenFileThenExplicitSettingsLaterOnesWinning(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SSL\nclient.rack=from-file\n");
        KafkaSettings settings = KafkaSettings.builder()
                .environment(Map.of("DTK_BOOTSTRAP_SERVERS", "b1:9093,b2:9093", "DTK_KAFKA_SASL_MECHANISM", "PLAIN",
                        "DTK_KAFKA_CLIENT_RACK", "from-env", "DTK_KAFKA_CONFIG", file.toString(), "OTHER", "x"))
                .set("client.rack", "explicit")
                .build();

        assertThat(settings.bootstrapServers()).isEqualTo("b1:9093,b2:9093");
        assertThat(settings.passThrough()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "sasl.mechanism", "PLAIN", "security.protocol", "SSL", "client.rack", "explicit"));
        assertThat(settings.clientProperties()).containsEntry("bootstrap.servers", "b1:9093,b2:9093");
    }

    @Test
    void shouldRefuseSettingsDtkManagesUnderAnyClientPrefixSayingWhy() {
        assertThatThrownBy(() -> KafkaSettings.builder().set("processing.guarantee", "at_least_once").build())
                .hasMessage("Kafka setting 'processing.guarantee' cannot be passed through: the engine always runs"
                        + " exactly_once_v2: every step commits atomically");
        assertThatThrownBy(() -> KafkaSettings.builder().set("consumer.isolation.level", "read_committed").build())
                .hasMessageStartingWith("Kafka setting 'consumer.isolation.level' cannot be passed through:");
        assertThatThrownBy(() -> KafkaSettings.builder().set("producer.acks", "1").build())
                .hasMessageContaining("acks=all");
        assertThatThrownBy(() -> KafkaSettings.builder().set("value.serializer", "x").build())
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> KafkaSettings.builder().environment(Map.of("DTK_KAFKA_BOOTSTRAP_SERVERS", "h:1"))
                .build()).hasMessageContaining("--bootstrap-servers");
    }

    @Test
    void shouldRedactEverySecretLookingSetting() {
        KafkaSettings settings = KafkaSettings.builder().bootstrapServers("h:1")
                .set("sasl.jaas.config", "PlainLoginModule required password=\"p\";")
                .set("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----")
                .set("ssl.key.password", "kp")
                .set("ssl.truststore.password", "changeit")
                .set("sasl.oauthbearer.token.endpoint.url", "https://idp")
                .set("basic.auth.user.info", "u")
                .set("client.secret", "s3cr3t")
                .set("sasl.client.credentials", "c")
                .set("security.protocol", "SASL_SSL")
                .build();

        assertThat(settings.toString()).doesNotContain("PlainLoginModule", "PRIVATE KEY", "kp", "changeit",
                "s3cr3t", "https://idp").contains("security.protocol=SASL_SSL", "ssl.keystore.key=[redacted]");
        assertThat(settings.redacted()).containsEntry("sasl.client.credentials", "[redacted]");
    }
}
