package dev.dtk.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka: the bootstrap servers and Kafka client settings passed through
 * unchanged (SASL, TLS...). Settings come, later ones winning, from environment variables
 * {@code DTK_KAFKA_<NAME>} ({@code DTK_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}), a
 * properties file ({@code --kafka-config}) and {@code --kafka name=value}.
 */
final class KafkaOptions {

    private static final String ENV_PREFIX = "DTK_KAFKA_";

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...",
            defaultValue = "${env:DTK_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env DTK_BOOTSTRAP_SERVERS; default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "A properties file of Kafka client settings (env DTK_KAFKA_CONFIG).",
            defaultValue = "${env:DTK_KAFKA_CONFIG}")
    Path configFile;

    @Option(names = "--kafka", paramLabel = "NAME=VALUE",
            description = "A Kafka client setting, passed through (repeatable), e.g. --kafka security.protocol=SASL_SSL.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** Every pass-through Kafka setting, with the precedence described above. */
    Map<String, String> kafkaSettings() {
        Map<String, String> all = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals("DTK_KAFKA_CONFIG")) {
                all.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        if (configFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(configFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Kafka settings from " + configFile, e);
            }
            file.stringPropertyNames().forEach(name -> all.put(name, file.getProperty(name)));
        }
        all.putAll(settings);
        return all;
    }

    /** Settings for a plain Kafka client (admin, producer, consumer): bootstrap servers included. */
    Map<String, Object> clientSettings() {
        Map<String, Object> all = new LinkedHashMap<>(kafkaSettings());
        all.put("bootstrap.servers", bootstrapServers);
        return all;
    }
}
