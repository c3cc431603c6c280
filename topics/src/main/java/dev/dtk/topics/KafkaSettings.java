package dev.dtk.topics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How every dtk service (engine, workers, gateway, client, CLI) reaches Kafka: the bootstrap servers
 * and Kafka client settings passed through unchanged (SASL, TLS, tuning). Settings come, later ones
 * winning, from environment variables {@code DTK_KAFKA_<NAME>} ({@code DTK_KAFKA_SASL_MECHANISM} is
 * {@code sasl.mechanism}), a properties file ({@code DTK_KAFKA_CONFIG} or {@code --kafka-config}) and
 * explicit settings ({@code --kafka name=value}).
 *
 * <p>Settings that dtk's guarantees depend on are refused with a message instead of silently
 * overriding dtk ({@link #MANAGED}), and every secret-looking value (passwords, JAAS configurations,
 * tokens, credentials, keys) is redacted wherever the settings are shown.
 */
public final class KafkaSettings {

    /** The environment variable of the bootstrap servers. */
    public static final String BOOTSTRAP_ENV = "DTK_BOOTSTRAP_SERVERS";
    /** The environment variable of a properties file of Kafka settings. */
    public static final String CONFIG_FILE_ENV = "DTK_KAFKA_CONFIG";
    static final String ENV_PREFIX = "DTK_KAFKA_";
    private static final String REDACTED = "[redacted]";
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|jaas|token|credential|key).*");
    /** Prefixes Kafka Streams and dtk use to aim a setting at one client; a managed setting is refused under any. */
    private static final List<String> CLIENT_PREFIXES = List.of("main.consumer.", "restore.consumer.",
            "global.consumer.", "consumer.", "producer.", "admin.");

    /** Settings dtk sets itself, with what to do instead. */
    public static final Map<String, String> MANAGED;

    static {
        Map<String, String> managed = new TreeMap<>();
        managed.put("bootstrap.servers", "give the cluster's address with --bootstrap-servers or DTK_BOOTSTRAP_SERVERS");
        managed.put("processing.guarantee", "the engine always runs exactly_once_v2: every step commits atomically");
        managed.put("isolation.level", "each dtk reader chooses its isolation level for its guarantee");
        managed.put("enable.idempotence", "dtk's producers are idempotent so that a retried send is never doubled");
        managed.put("acks", "dtk acknowledges a command only once every in-sync replica has it (acks=all)");
        managed.put("transactional.id", "the engine's transactions are managed by Kafka Streams");
        managed.put("enable.auto.commit", "workers commit a task's offset only after its result was acknowledged");
        managed.put("application.id", "the engine's application ID is a setting of its own (--application-id)");
        managed.put("group.id", "consumer groups are derived from the queue (worker --group-id to choose one)");
        for (String serde : List.of("key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
                "default.key.serde", "default.value.serde")) {
            managed.put(serde, "dtk's records are JSON and dtk reads and writes them itself");
        }
        MANAGED = Collections.unmodifiableMap(managed);
    }

    private final String bootstrapServers;
    private final Map<String, String> passThrough;

    private KafkaSettings(String bootstrapServers, Map<String, String> passThrough) {
        this.bootstrapServers = bootstrapServers;
        this.passThrough = Collections.unmodifiableMap(new TreeMap<>(passThrough));
    }

    /** Plain settings: the cluster at {@code bootstrapServers}, nothing passed through. */
    public static KafkaSettings of(String bootstrapServers) {
        return builder().bootstrapServers(bootstrapServers).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The settings passed through to the Kafka clients, bootstrap servers not included. */
    public Map<String, String> passThrough() {
        return passThrough;
    }

    /** Settings for a plain Kafka client (admin, producer, consumer): bootstrap servers included. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> all = new LinkedHashMap<>(passThrough);
        all.put("bootstrap.servers", bootstrapServers);
        return all;
    }

    /** The settings with secrets replaced by {@value #REDACTED}: safe to log. */
    public Map<String, String> redacted() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("bootstrap.servers", bootstrapServers);
        passThrough.forEach((name, value) -> shown.put(name, redact(name, value)));
        return shown;
    }

    /** {@code value}, or {@value #REDACTED} when {@code name} looks like a secret's. */
    public static String redact(String name, String value) {
        return isSecret(name) ? REDACTED : value;
    }

    /** Whether a setting of this name may hold a secret (password, JAAS, token, credential, any key). */
    public static boolean isSecret(String name) {
        return name != null && SECRET.matcher(name).matches();
    }

    /** Safe to log: secrets are redacted. */
    @Override
    public String toString() {
        return "KafkaSettings" + redacted();
    }

    /** Builds {@link KafkaSettings}; {@link #build()} refuses managed and malformed settings. */
    public static final class Builder {

        private String bootstrapServers = "localhost:9092";
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        /**
         * Takes {@code DTK_BOOTSTRAP_SERVERS}, the file named by {@code DTK_KAFKA_CONFIG} and every
         * {@code DTK_KAFKA_<NAME>} variable ({@code DTK_KAFKA_SASL_MECHANISM} is {@code sasl.mechanism}).
         */
        public Builder environment(Map<String, String> env) {
            String bootstrap = env.get(BOOTSTRAP_ENV);
            if (bootstrap != null && !bootstrap.isBlank()) {
                bootstrapServers = bootstrap.trim();
            }
            new TreeMap<>(env).forEach((name, value) -> {
                if (name.startsWith(ENV_PREFIX) && !name.equals(CONFIG_FILE_ENV)) {
                    settings.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
                }
            });
            String file = env.get(CONFIG_FILE_ENV);
            if (file != null && !file.isBlank()) {
                file(Path.of(file.trim()));
            }
            return this;
        }

        /** Takes every setting of a properties file. */
        public Builder file(Path file) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Kafka settings from " + file + ": " + e.getMessage(), e);
            }
            new TreeMap<>(Map.copyOf(properties)).forEach((name, value) -> settings.put((String) name, (String) value));
            return this;
        }

        public Builder set(String name, String value) {
            settings.put(name, value);
            return this;
        }

        public Builder setAll(Map<String, String> values) {
            values.forEach(this::set);
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad setting and what to do instead */
        public KafkaSettings build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be set to the Kafka cluster's address, e.g. localhost:9092");
            }
            for (Map.Entry<String, String> setting : settings.entrySet()) {
                String name = setting.getKey();
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("a Kafka setting must have a name");
                }
                if (setting.getValue() == null) {
                    throw new IllegalArgumentException("Kafka setting '" + name + "' has no value");
                }
                String why = MANAGED.get(unprefixed(name));
                if (why != null) {
                    throw new IllegalArgumentException("Kafka setting '" + name + "' cannot be passed through: " + why);
                }
            }
            return new KafkaSettings(bootstrapServers.strip(), settings);
        }

        private static String unprefixed(String name) {
            for (String prefix : CLIENT_PREFIXES) {
                if (name.startsWith(prefix)) {
                    return name.substring(prefix.length());
                }
            }
            return name;
        }
    }
}
