package dev.dtk.worker;

import dev.dtk.topics.Topics;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How an {@link ActivityWorker} runs: which cluster and queue, how many activities at once, how long
 * a graceful close waits. Immutable; built and validated once by {@link Builder#build()}.
 */
public final class WorkerConfig {

    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Kafka settings the worker sets itself because its guarantees depend on them. */
    static final Set<String> MANAGED_KAFKA_SETTINGS = Set.of("bootstrap.servers", "group.id", "enable.auto.commit",
            "key.deserializer", "value.deserializer", "key.serializer", "value.serializer");

    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(password|secret|sasl\\.jaas\\.config|token|credential|ssl\\.keystore\\.key).*");

    private final String bootstrapServers;
    private final String queue;
    private final int maxInFlight;
    private final Duration shutdownTimeout;
    private final String groupId;
    private final Map<String, String> kafka;

    private WorkerConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers.strip();
        this.queue = b.queue;
        this.maxInFlight = b.maxInFlight;
        this.shutdownTimeout = b.shutdownTimeout;
        this.groupId = b.groupId == null ? "dtk-workers-" + b.queue : b.groupId;
        this.kafka = Collections.unmodifiableMap(new TreeMap<>(b.kafka));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String queue() {
        return queue;
    }

    /** The topic this worker reads, {@code dtk.tasks.<queue>}. */
    public String taskTopic() {
        return Topics.tasks(queue);
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public String groupId() {
        return groupId;
    }

    /** Pass-through Kafka client settings (SASL, TLS...), applied to the consumer and the producer. */
    public Map<String, String> kafka() {
        return kafka;
    }

    /** The configuration with secrets replaced by {@code [redacted]}: safe to log. */
    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        kafka.forEach((key, value) -> shown.put(key, SECRET.matcher(key).matches() ? "[redacted]" : value));
        return "WorkerConfig{bootstrapServers=" + bootstrapServers + ", queue=" + queue + ", groupId=" + groupId
                + ", maxInFlight=" + maxInFlight + ", shutdownTimeout=" + shutdownTimeout + ", kafka=" + shown + "}";
    }

    public static final class Builder {

        private String bootstrapServers;
        private String queue = Topics.DEFAULT_QUEUE;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private String groupId;
        private final Map<String, String> kafka = new LinkedHashMap<>();

        private Builder() {
        }

        /** Where to find the Kafka cluster, e.g. {@code localhost:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The activity queue to serve; default {@code default}. */
        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /** At most this many activities run at once on this worker; default 64. */
        public Builder maxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** How long {@link ActivityWorker#close()} waits for activities in flight; default 30 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** The consumer group; default {@code dtk-workers-<queue>}. */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** Adds Kafka client settings (SASL, TLS...) for both the consumer and the producer. */
        public Builder kafka(Map<String, String> settings) {
            if (settings == null) {
                throw new IllegalArgumentException("kafka settings must not be null");
            }
            kafka.putAll(settings);
            return this;
        }

        /** @throws IllegalArgumentException naming the first bad setting */
        public WorkerConfig build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be set to the Kafka cluster's address, e.g. localhost:9092");
            }
            try {
                Topics.tasks(queue);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("queue: " + e.getMessage(), e);
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, but was " + maxInFlight);
            }
            if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
                throw new IllegalArgumentException("shutdownTimeout must be zero or positive, but was " + shutdownTimeout);
            }
            if (groupId != null && groupId.isBlank()) {
                throw new IllegalArgumentException("groupId must not be blank (leave it unset for dtk-workers-<queue>)");
            }
            for (Map.Entry<String, String> setting : kafka.entrySet()) {
                checkKafkaSetting(setting.getKey(), setting.getValue());
            }
            return new WorkerConfig(this);
        }

        private static void checkKafkaSetting(String key, String value) {
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("kafka settings must not have a blank name");
            }
            if (value == null) {
                throw new IllegalArgumentException("kafka setting '" + key + "' has no value");
            }
            if (MANAGED_KAFKA_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("kafka setting '" + key + "' cannot be passed through: the worker"
                        + " sets it itself (use bootstrapServers(...) or groupId(...) for the address and the group)");
            }
        }
    }
}
