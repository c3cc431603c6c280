package dev.dtk.cli;

import dev.dtk.topics.KafkaSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: the bootstrap servers and Kafka client settings passed through
 * unchanged (SASL, TLS...). Settings come, later ones winning, from environment variables
 * {@code DTK_KAFKA_<NAME>} ({@code DTK_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}), a
 * properties file ({@code --kafka-config} or {@code DTK_KAFKA_CONFIG}) and {@code --kafka name=value}.
 * See {@link KafkaSettings} for the settings dtk refuses and how secrets are kept out of logs.
 */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:DTK_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env DTK_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A properties file of Kafka client settings (env DTK_KAFKA_CONFIG).")
    Path configFile;

    @Option(names = "--kafka", paramLabel = "NAME=VALUE",
            description = "A Kafka client setting, passed through (repeatable), e.g. --kafka security.protocol=SASL_SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Every Kafka setting, with the precedence described above; refuses settings dtk manages. */
    KafkaSettings kafkaSettings() {
        KafkaSettings.Builder builder = KafkaSettings.builder().environment(System.getenv());
        if (configFile != null) {
            builder.file(configFile);
        }
        return builder.setAll(settings).bootstrapServers(bootstrapServers).build();
    }

    /** Settings for a plain Kafka client (admin, producer, consumer): bootstrap servers included. */
    Map<String, Object> clientSettings() {
        return new LinkedHashMap<>(kafkaSettings().clientProperties());
    }
}
