package dev.dtk.engine;

import dev.dtk.app.AppBuilder;
import dev.dtk.engine.streams.BoundedRocksDb;
import dev.dtk.engine.streams.ShellSettings;
import dev.dtk.topics.Hub;
import dev.dtk.topics.Limits;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How an engine runs, built once and validated at build time. Kafka client settings given with
 * {@link Builder#kafka} pass through to Kafka Streams unchanged (SASL, TLS, tuning).
 *
 * <p>Latency defaults: Kafka Streams commits its exactly-once transaction every
 * {@code commitInterval} and polls at least every {@code pollInterval}. Workers read tasks without
 * waiting for that commit, so a step's critical path does not include it; readers of the status
 * topic (read_committed) do wait for it, so a stream thread that runs out of input right after a step
 * ended an instance commits at once instead of at the interval.
 */
public final class EngineConfig {

    /** How long an instance stays cached without a step unless {@link Builder#cacheIdle} says otherwise. */
    private static final Duration DEFAULT_CACHE_IDLE = Duration.ofSeconds(1);

    /** The engine producer's {@code linger.ms} unless set: how long a busy engine batches its records. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);
    /** The engine producer's first {@code retry.backoff.ms} unless set (Kafka's is 100 ms). */
    static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(5);

    private final KafkaSettings kafka;
    private final Hub hub;
    private final String applicationId;
    private final Path stateDir;
    private final String defaultQueue;
    private final Map<String, String> queueByActivity;
    private final Set<String> queues;
    private final Duration commitInterval;
    private final Duration pollInterval;
    private final Duration timerSweepInterval;
    private final int streamThreads;
    private final int standbyReplicas;
    private final Limits limits;
    private final Duration stepTimeout;
    private final int cacheEntries;
    private final long cacheBytes;
    private final Duration cacheIdle;
    private final String queryBindHost;
    private final String queryAdvertisedHost;
    private final int queryPort;
    private final String querySecret;

    private EngineConfig(Builder b) {
        this.kafka = b.kafkaSettings;
        this.hub = b.hub;
        this.applicationId = b.applicationId != null ? b.applicationId : b.hub.engineApplicationId();
        this.stateDir = b.stateDir;
        this.defaultQueue = b.defaultQueue;
        this.queueByActivity = Map.copyOf(b.queueByActivity);
        TreeSet<String> all = new TreeSet<>(b.queueByActivity.values());
        all.add(b.defaultQueue);
        all.add(AppBuilder.HTTP_QUEUE);
        this.queues = Set.copyOf(all);
        this.commitInterval = b.commitInterval;
        this.pollInterval = b.pollInterval;
        this.timerSweepInterval = b.timerSweepInterval;
        this.streamThreads = b.streamThreads;
        this.standbyReplicas = b.standbyReplicas;
        this.limits = b.limits;
        this.stepTimeout = b.stepTimeout;
        this.cacheEntries = b.cacheEntries;
        this.cacheBytes = b.cacheBytes;
        this.cacheIdle = b.cacheIdle;
        this.queryBindHost = b.queryBindHost;
        this.queryAdvertisedHost = b.queryAdvertisedHost;
        this.queryPort = b.queryPort;
        this.querySecret = b.querySecret;
    }

    /** True when the engine serves its internal query endpoint (history for gateways). */
    public boolean queryEnabled() {
        return queryPort >= 0;
    }

    public String queryBindHost() {
        return queryBindHost;
    }

    /** The host other engines and gateways reach this engine's query endpoint at. */
    public String queryAdvertisedHost() {
        return queryAdvertisedHost;
    }

    /** The port of the query endpoint; 0: any free port; negative: no endpoint. */
    public int queryPort() {
        return queryPort;
    }

    /** The secret callers of the query endpoint must present; null when it requires none (loopback only). */
    public String querySecret() {
        return querySecret;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** How the engine reaches Kafka. */
    public KafkaSettings kafka() {
        return kafka;
    }

    /** The task hub whose topics the engine reads and writes. */
    public Hub hub() {
        return hub;
    }

    public String defaultQueue() {
        return defaultQueue;
    }

    public Map<String, String> queueByActivity() {
        return queueByActivity;
    }

    /** Every activity queue the engine sends to: the default queue, the routed ones and {@code http} (callHttp). */
    public Set<String> queues() {
        return queues;
    }

    public Duration timerSweepInterval() {
        return timerSweepInterval;
    }

    /** Sizes of records, payloads and histories. */
    public Limits limits() {
        return limits;
    }

    /** How long the orchestrator code of one step may run before it is abandoned and its instance fails. */
    public Duration stepTimeout() {
        return stepTimeout;
    }

    /** The shell's settings for input spread over {@code partitions} partitions. */
    public ShellSettings shellSettings(int partitions) {
        return new ShellSettings(hub, timerSweepInterval, Duration.ofMillis(200), partitions, limits, cacheEntries,
                cacheBytes, cacheIdle);
    }

    /** The Kafka Streams application ID: the hub's ({@link Hub#engineApplicationId()}) unless set. */
    public String applicationId() {
        return applicationId;
    }

    /**
     * Warm copies of each partition's state kept by other engine processes ({@code num.standby.replicas}):
     * with one, a killed engine's partitions resume on another engine without restoring their state
     * from the changelogs first.
     */
    public int standbyReplicas() {
        return standbyReplicas;
    }

    /** The Kafka Streams configuration. */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(pollInterval.toMillis()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbyReplicas));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        // No record cache by default: a step's writes go to RocksDB and its changelog as it makes them. A
        // cache held back each commit's changelog records until the commit, which then waited for them, and
        // its entries lived through young collections: with 16 MiB, G1 copied 30-90 MiB of survivors per
        // pause and due timers waited 35-90 ms across them (./dtk bench (i), README). The stores still cache
        // when this is set (DTK_KAFKA_STATESTORE_CACHE_MAX_BYTES): it batches a large fan-out's writes.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        // Never hold a record back to line it up by timestamp with the task's other input partition:
        // an instance's history records the order in which its inputs were applied, so the order across
        // commands and activity results carries no meaning, and waiting only adds a poll round per step.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
        // Batch while busy: a busy engine's records go out in few large produce requests (the broker's work
        // per request is what a loaded engine waits for). An idle engine does not linger: its stream thread
        // flushes the producer whenever it runs out of input (IdleFlushClientSupplier).
        p.put(StreamsConfig.producerPrefix("linger.ms"), Long.toString(DEFAULT_LINGER.toMillis()));
        // No compression by default: dtk's records are small, and on a busy engine compressing each batch (and
        // the broker checking it) cost more than it saved, measured in ./dtk bench. Set
        // producer.compression.type where the network is the limit.
        p.put(StreamsConfig.producerPrefix("compression.type"), "none");
        // An idle engine commits as soon as a step ended an instance (StreamThreadSignals), so a transaction may
        // begin while the broker still writes the last one's markers; the broker answers "concurrent
        // transactions" until it is done, a few ms. Retrying after Kafka's 100 ms made 1 in 100 sequences
        // 100 ms late; the backoff still grows to retry.backoff.max.ms on lasting errors.
        p.put(StreamsConfig.producerPrefix("retry.backoff.ms"), Long.toString(DEFAULT_RETRY_BACKOFF.toMillis()));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        // The engine has no global stores, so this changes nothing it runs; left at false, Kafka Streams warns
        // at every start that it will be true from Kafka 5.0. Its partition assignor reads its own copy from
        // the main consumer's configuration, which carries only what is given with the consumer's prefix.
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        p.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG), "true");
        p.put(StreamsConfig.producerPrefix("max.request.size"), Integer.toString(limits.maxRecordBytes()));
        // A step's code may run up to stepTimeout, and a timer sweep up to its budget: well inside this.
        // Short on purpose: the open transaction of an engine killed mid-step holds back every
        // read_committed reader of the partitions it wrote to (events on dtk.commands among them) until
        // it times out, when the restarted engine does not fence it at once (it came back with standby
        // tasks only); 60 s made answers lose to timeouts in the chaos run.
        // (Kafka Streams refuses a timeout below the commit interval: a long interval gets twice its length.)
        p.put(StreamsConfig.producerPrefix("transaction.timeout.ms"),
                Long.toString(Math.max(Math.max(10_000, stepTimeout.toMillis() * 4), commitInterval.toMillis() * 2)));
        p.putAll(kafka.passThrough());
        return p;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("hub", hub.name());
        shown.put("applicationId", applicationId);
        shown.put("stateDir", stateDir.toString());
        shown.put("defaultQueue", defaultQueue);
        shown.put("queueByActivity", queueByActivity.toString());
        shown.put("commitInterval", commitInterval.toString());
        shown.put("pollInterval", pollInterval.toString());
        shown.put("timerSweepInterval", timerSweepInterval.toString());
        shown.put("streamThreads", Integer.toString(streamThreads));
        shown.put("standbyReplicas", Integer.toString(standbyReplicas));
        shown.put("limits", limits.toString());
        shown.put("stepTimeout", stepTimeout.toString());
        shown.put("cache", cacheEntries + " instances, " + cacheBytes + " bytes per task, idle "
                + (cacheIdle == null ? "unbounded" : cacheIdle.toString()));
        shown.put("query", queryEnabled() ? queryBindHost + ":" + queryPort + " as " + queryAdvertisedHost : "off");
        shown.put("querySecret", querySecret == null ? "none" : "[redacted]");
        kafka.redacted().forEach((k, v) -> shown.put("kafka." + k, v));
        return "EngineConfig" + shown;
    }

    /** Builds an {@link EngineConfig}; {@link #build()} names the first bad setting. */
    public static final class Builder {
        private String bootstrapServers;
        private KafkaSettings kafkaSettings;
        private Hub hub = Hub.DEFAULT;
        private String applicationId;
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "dtk-engine-state");
        private String defaultQueue = Topics.DEFAULT_QUEUE;
        private final Map<String, String> queueByActivity = new LinkedHashMap<>();
        private Duration commitInterval = Duration.ofMillis(10);
        private Duration pollInterval = Duration.ofMillis(5);
        private Duration timerSweepInterval = Duration.ofMillis(10);
        private int streamThreads = 1;
        private int standbyReplicas;
        private final Map<String, String> kafka = new LinkedHashMap<>();
        private Limits limits = Limits.DEFAULT;
        private Duration stepTimeout = Duration.ofSeconds(5);
        private int cacheEntries = 2_000;
        private long cacheBytes = 64L * 1024 * 1024;
        private Duration cacheIdle = DEFAULT_CACHE_IDLE;
        private String queryBindHost = "127.0.0.1";
        private String queryAdvertisedHost = "127.0.0.1";
        private int queryPort = -1;
        private String querySecret;

        private Builder() {
        }

        /**
         * Serve the internal query endpoint on {@code bindHost:port} (0: any free port), reachable by
         * gateways and other engines at {@code advertisedHost}; it becomes {@code application.server}.
         */
        public Builder queryEndpoint(String bindHost, String advertisedHost, int port) {
            this.queryBindHost = bindHost;
            this.queryAdvertisedHost = advertisedHost;
            this.queryPort = port;
            return this;
        }

        /**
         * The secret callers of the query endpoint must present (DTK_ENGINE_QUERY_SECRET; the same on every
         * engine and gateway). Required when the endpoint listens on an address other than loopback.
         */
        public Builder querySecret(String value) {
            this.querySecret = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        /** The task hub (default {@code dtk}): its topics, and the application ID unless one is set. */
        public Builder hub(Hub value) {
            this.hub = Objects.requireNonNull(value, "hub");
            return this;
        }

        /** The Kafka Streams application ID; default the hub's ({@code dtk-engine} for the default hub). */
        public Builder applicationId(String value) {
            this.applicationId = value;
            return this;
        }

        public Builder stateDir(Path value) {
            this.stateDir = value;
            return this;
        }

        public Builder defaultQueue(String value) {
            this.defaultQueue = value;
            return this;
        }

        /** Sends activity {@code activity} to queue {@code queue} instead of the default queue. */
        public Builder route(String activity, String queue) {
            this.queueByActivity.put(activity, queue);
            return this;
        }

        public Builder commitInterval(Duration value) {
            this.commitInterval = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = value;
            return this;
        }

        public Builder timerSweepInterval(Duration value) {
            this.timerSweepInterval = value;
            return this;
        }

        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        /** How long the orchestrator code of one step may run (default 5 s); then its instance fails. */
        public Builder stepTimeout(Duration value) {
            this.stepTimeout = value;
            return this;
        }

        /** Instances kept parsed between steps, per stream task, and the history bytes they may hold. */
        public Builder cache(int entries, long bytes) {
            this.cacheEntries = entries;
            this.cacheBytes = bytes;
            return this;
        }

        /**
         * How long an instance stays parsed, and its orchestrator code alive, without a step (default 1 s;
         * {@code null}: as long as the count and bytes of {@link #cache} allow). A busy instance steps on
         * from memory; a quieter one keeps nothing on the heap and replays its history when it wakes, so
         * that the collector does not copy it again and again while it waits.
         */
        public Builder cacheIdle(Duration value) {
            this.cacheIdle = value;
            return this;
        }

        public Builder streamThreads(int value) {
            this.streamThreads = value;
            return this;
        }

        /** Warm copies of each partition's state on other engines (default 0); see {@link EngineConfig#standbyReplicas()}. */
        public Builder standbyReplicas(int value) {
            this.standbyReplicas = value;
            return this;
        }

        /** How to reach Kafka; {@link #bootstrapServers} and {@link #kafka(String, String)} add to these. */
        public Builder kafka(KafkaSettings settings) {
            this.bootstrapServers = settings.bootstrapServers();
            this.kafka.putAll(settings.passThrough());
            return this;
        }

        /** A Kafka Streams or client setting, passed through unchanged. */
        public Builder kafka(String key, String value) {
            this.kafka.put(key, value);
            return this;
        }

        public Builder kafka(Map<String, String> settings) {
            this.kafka.putAll(settings);
            return this;
        }

        public EngineConfig build() {
            kafkaSettings = KafkaSettings.builder()
                    .bootstrapServers(bootstrapServers == null ? "localhost:9092" : bootstrapServers)
                    .setAll(kafka).build();
            require(applicationId == null || !applicationId.isBlank(),
                    "applicationId must not be blank (leave it unset for the hub's)");
            Objects.requireNonNull(stateDir, "stateDir must be set");
            validQueue("defaultQueue", defaultQueue);
            queueByActivity.forEach((activity, queue) -> validQueue("route of activity '" + activity + "'", queue));
            positive("commitInterval", commitInterval);
            positive("pollInterval", pollInterval);
            positive("timerSweepInterval", timerSweepInterval);
            positive("stepTimeout", stepTimeout);
            Objects.requireNonNull(limits, "limits must be set");
            require(cacheEntries >= 0 && cacheBytes >= 0, "cache entries and bytes must not be negative");
            require(cacheIdle == null || !cacheIdle.isNegative(), "cacheIdle (DTK_ENGINE_CACHE_IDLE_MS) must be 0 or"
                    + " more, got " + (cacheIdle == null ? null : cacheIdle.toMillis() + " ms"));
            require(streamThreads >= 1, "streamThreads must be at least 1, got " + streamThreads);
            require(standbyReplicas >= 0, "standbyReplicas (DTK_ENGINE_STANDBY_REPLICAS) must be 0 or more, got "
                    + standbyReplicas);
            require(queryPort < 65536, "queryPort must be a port number (0-65535), got " + queryPort);
            require(queryPort < 0 || (queryBindHost != null && !queryBindHost.isBlank()),
                    "queryBindHost must be set when the query endpoint is on");
            require(queryPort < 0 || (queryAdvertisedHost != null && !queryAdvertisedHost.isBlank()),
                    "queryAdvertisedHost must be set when the query endpoint is on");
            require(queryPort < 0 || querySecret != null || isLoopback(queryBindHost), "the query endpoint would"
                    + " listen on " + queryBindHost + ", which is not a loopback address, and no query secret is"
                    + " configured: anyone who reaches the port could read every instance's history, activity"
                    + " outputs such as SMS codes included. Set DTK_ENGINE_QUERY_SECRET (the same on every engine and"
                    + " gateway), or keep the query endpoint on 127.0.0.1 (--query-host).");
            return new EngineConfig(this);
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("queryBindHost: cannot resolve '" + host + "'", e);
            }
        }

        private static void validQueue(String setting, String queue) {
            try {
                Topics.tasks(queue);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
            }
        }

        private static void positive(String setting, Duration value) {
            require(value != null && !value.isNegative() && !value.isZero(),
                    setting + " must be a positive duration, got " + value);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
