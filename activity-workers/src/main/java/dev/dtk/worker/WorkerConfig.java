package dev.dtk.worker;

import dev.dtk.topics.Hub;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Limits;
import dev.dtk.topics.Topics;
import dev.dtk.worker.http.HttpSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an {@link ActivityWorker} runs: which cluster and queue, how many activities at once, how long
 * a graceful close waits. Immutable; built and validated once by {@link Builder#build()}.
 */
public final class WorkerConfig {

    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ACTIVITY_TIMEOUT = Duration.ofMinutes(5);
    /** The queue of {@code callHttp}'s built-in activity, which a worker of that queue adds by itself. */
    public static final String HTTP_QUEUE = dev.dtk.app.AppBuilder.HTTP_QUEUE;

    private final KafkaSettings kafkaSettings;
    private final Hub hub;
    private final String queue;
    private final int maxInFlight;
    private final Duration shutdownTimeout;
    private final String groupId;
    private final Duration activityTimeout;
    private final Limits limits;
    private final boolean readCommitted;
    private final HttpSettings http;

    private WorkerConfig(Builder b) {
        this.http = b.http;
        this.kafkaSettings = b.kafkaSettings;
        this.hub = b.hub;
        this.activityTimeout = b.activityTimeout;
        this.limits = b.limits;
        this.queue = b.queue;
        this.maxInFlight = b.maxInFlight;
        this.shutdownTimeout = b.shutdownTimeout;
        this.groupId = b.groupId == null ? b.hub.workerGroup(b.queue) : b.groupId;
        this.readCommitted = b.readCommitted;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return kafkaSettings.bootstrapServers();
    }

    /** How the worker reaches Kafka. */
    public KafkaSettings kafkaSettings() {
        return kafkaSettings;
    }

    /** The task hub whose tasks the worker runs and whose topics it writes results and dead letters to. */
    public Hub hub() {
        return hub;
    }

    public String queue() {
        return queue;
    }

    /** The topic this worker reads, {@code <hub>.tasks.<queue>}. */
    public String taskTopic() {
        return hub.tasks(queue);
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

    /** How long an activity may run when it was registered without a timeout of its own. */
    public Duration activityTimeout() {
        return activityTimeout;
    }

    /** The payload limit results are held to, and the record size failures are cut to. */
    public Limits limits() {
        return limits;
    }

    /**
     * Whether the worker reads tasks {@code read_committed}: only once the engine's step that sent them
     * committed, so no activity ever runs for a step that is later aborted and done differently, at the
     * cost of the engine's commit on every activity's path. Default false ({@code read_uncommitted}): a
     * task runs at once, and a step the engine redoes after a crash gets the recorded result of a task it
     * sends again (see the README's guarantees per queue). Set it the same on every worker of a queue.
     */
    public boolean readCommitted() {
        return readCommitted;
    }

    /** The Kafka isolation level the worker reads tasks with. */
    public String isolationLevel() {
        return readCommitted ? "read_committed" : "read_uncommitted";
    }

    /** How a worker of the {@code http} queue sends {@code callHttp} requests. */
    public HttpSettings http() {
        return http;
    }

    /** Pass-through Kafka client settings (SASL, TLS...), applied to the consumer and the producer. */
    public Map<String, String> kafka() {
        return kafkaSettings.passThrough();
    }

    /** The configuration with secrets replaced by {@code [redacted]}: safe to log. */
    @Override
    public String toString() {
        return "WorkerConfig{hub=" + hub + ", queue=" + queue + ", groupId=" + groupId + ", maxInFlight=" + maxInFlight
                + ", shutdownTimeout=" + shutdownTimeout + ", activityTimeout=" + activityTimeout + ", taskIsolation="
                + isolationLevel() + ", kafka="
                + kafkaSettings.redacted() + (queue.equals(HTTP_QUEUE) ? ", http=" + http : "") + "}";
    }

    public static final class Builder {

        private String bootstrapServers;
        private Hub hub = Hub.DEFAULT;
        private String queue = Topics.DEFAULT_QUEUE;
        private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private String groupId;
        private final Map<String, String> kafka = new LinkedHashMap<>();
        private KafkaSettings kafkaSettings;
        private Duration activityTimeout = DEFAULT_ACTIVITY_TIMEOUT;
        private Limits limits = Limits.DEFAULT;
        private boolean readCommitted;
        private HttpSettings http = HttpSettings.defaults();

        private Builder() {
        }

        /** Read tasks only once the engine's step that sent them committed; see {@link WorkerConfig#readCommitted()}. */
        public Builder readCommitted(boolean value) {
            this.readCommitted = value;
            return this;
        }

        /**
         * The same as {@link #readCommitted(boolean)}, by Kafka's name of the isolation level:
         * {@code read_uncommitted} (the default) or {@code read_committed}.
         */
        public Builder taskIsolation(String level) {
            String given = level == null ? "" : level.trim();
            if (given.equals("read_committed")) {
                return readCommitted(true);
            }
            if (given.equals("read_uncommitted")) {
                return readCommitted(false);
            }
            throw new IllegalArgumentException("task isolation (DTK_TASK_ISOLATION) must be read_uncommitted or"
                    + " read_committed, but was '" + level + "'");
        }

        /** How the built-in HTTP activity sends requests, on a worker of the {@code http} queue. */
        public Builder http(HttpSettings settings) {
            this.http = settings;
            return this;
        }

        /** Where to find the Kafka cluster, e.g. {@code localhost:9092}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** The task hub (default {@code dtk}): its tasks topic, results and dead letters, and the default group. */
        public Builder hub(Hub value) {
            if (value == null) {
                throw new IllegalArgumentException("hub must not be null (leave it unset for the default hub)");
            }
            this.hub = value;
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

        /** The consumer group; default the hub's ({@code dtk-workers-<queue>} for the default hub, else {@code <hub>.workers.<queue>}). */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /** How long an activity registered without a timeout of its own may run; default 5 minutes. */
        public Builder activityTimeout(Duration value) {
            this.activityTimeout = value;
            return this;
        }

        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        /** How to reach Kafka: bootstrap servers and the settings passed through. */
        public Builder kafka(KafkaSettings settings) {
            this.bootstrapServers = settings.bootstrapServers();
            this.kafka.putAll(settings.passThrough());
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
                throw new IllegalArgumentException("groupId must not be blank (leave it unset for the hub's group of the queue)");
            }
            if (activityTimeout == null || activityTimeout.isNegative() || activityTimeout.isZero()) {
                throw new IllegalArgumentException("activityTimeout must be positive, but was " + activityTimeout);
            }
            if (limits == null) {
                throw new IllegalArgumentException("limits must be set");
            }
            if (http == null) {
                throw new IllegalArgumentException("http settings must be set");
            }
            kafkaSettings = KafkaSettings.builder().bootstrapServers(bootstrapServers).setAll(kafka).build();
            return new WorkerConfig(this);
        }
    }
}
