package dev.dtk.gateway;

import dev.dtk.gateway.internal.TrustedProxies;
import dev.dtk.topics.Hub;
import dev.dtk.topics.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a gateway runs, built once and validated at build time ({@link Builder#build()} names the bad
 * setting). {@link #fromEnv} reads the {@code DTK_*} environment; Kafka client settings pass through.
 * The keys never appear in {@link #toString()}.
 */
public final class GatewayConfig {

    private static final int MAX_CONNECTIONS = 1_000_000;

    private final String host;
    private final int port;
    private final KafkaSettings kafka;
    private final List<Hub> hubs;
    private final List<String> keys;
    private final boolean insecure;
    private final Path stateDir;
    private final Map<Hub, List<URI>> engineUrls;
    private final long maxBodyBytes;
    private final Duration catchUpTimeout;
    private final Duration idleTimeout;
    private final Duration headerTimeout;
    private final Duration readTimeout;
    private final Duration bodyTimeout;
    private final int maxConnections;
    private final int maxConnectionsPerAddress;
    private final List<String> trustedProxies;
    private final String engineQuerySecret;

    private GatewayConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.kafka = b.kafkaSettings;
        this.hubs = List.copyOf(b.hubs);
        this.keys = List.copyOf(b.keys);
        this.insecure = b.insecure;
        this.stateDir = b.stateDir;
        Map<Hub, List<URI>> urls = new LinkedHashMap<>();
        for (Hub hub : hubs) {
            List<URI> given = new ArrayList<>(b.engineUrlsByHub.getOrDefault(hub, List.of()));
            if (hub.equals(hubs.get(0))) {
                given.addAll(b.engineUrls);
            }
            urls.put(hub, List.copyOf(given));
        }
        this.engineUrls = java.util.Collections.unmodifiableMap(urls);
        this.maxBodyBytes = b.maxBodyBytes;
        this.catchUpTimeout = b.catchUpTimeout;
        this.idleTimeout = b.idleTimeout;
        this.headerTimeout = b.headerTimeout;
        this.readTimeout = b.readTimeout;
        this.bodyTimeout = b.bodyTimeout;
        this.maxConnections = (int) b.maxConnections;
        this.maxConnectionsPerAddress = (int) b.maxConnectionsPerAddress;
        this.trustedProxies = List.copyOf(b.trustedProxies);
        this.engineQuerySecret = b.engineQuerySecret;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder preset from {@code DTK_HUB} (the hubs to serve, a comma list: the first is the default),
     * {@code DTK_GATEWAY_HOST}, {@code DTK_GATEWAY_PORT}, {@code DTK_BOOTSTRAP_SERVERS},
     * {@code DTK_GATEWAY_KEYS} (comma list) or {@code DTK_GATEWAY_KEYS_FILE} (one key a line),
     * {@code DTK_GATEWAY_INSECURE}, {@code DTK_GATEWAY_STATE_DIR}, {@code DTK_ENGINE_URLS} (comma list of
     * {@code URL} for the default hub's engines and {@code HUB=URL} for another hub's),
     * {@code DTK_ENGINE_QUERY_SECRET}, {@code DTK_GATEWAY_MAX_BODY_BYTES}, the timeouts
     * {@code DTK_GATEWAY_IDLE_TIMEOUT_MS}, {@code DTK_GATEWAY_HEADER_TIMEOUT_MS}, {@code DTK_GATEWAY_READ_TIMEOUT_MS}
     * and {@code DTK_GATEWAY_BODY_TIMEOUT_MS}, the limits {@code DTK_GATEWAY_MAX_CONNECTIONS} and
     * {@code DTK_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS}, and {@code DTK_GATEWAY_TRUSTED_PROXIES} (comma list).
     */
    public static Builder fromEnv(Map<String, String> env) {
        Builder b = builder();
        ifSet(env, Hub.ENV, v -> b.hubs(split(v).stream().map(GatewayConfig::hub).toList()));
        ifSet(env, "DTK_GATEWAY_HOST", b::host);
        ifSet(env, "DTK_GATEWAY_PORT", v -> b.port(integer("DTK_GATEWAY_PORT", v)));
        b.kafka(KafkaSettings.builder().environment(env).build());
        ifSet(env, "DTK_GATEWAY_KEYS", v -> b.keys(split(v)));
        ifSet(env, "DTK_GATEWAY_KEYS_FILE", v -> b.keysFile(Path.of(v)));
        ifSet(env, "DTK_GATEWAY_INSECURE", v -> b.insecure(Boolean.parseBoolean(v)));
        ifSet(env, "DTK_GATEWAY_STATE_DIR", v -> b.stateDir(Path.of(v)));
        ifSet(env, "DTK_ENGINE_URLS", v -> split(v).forEach(b::engineUrl));
        ifSet(env, "DTK_ENGINE_QUERY_SECRET", b::engineQuerySecret);
        ifSet(env, "DTK_GATEWAY_MAX_BODY_BYTES", v -> b.maxBodyBytes(integer("DTK_GATEWAY_MAX_BODY_BYTES", v)));
        ifSet(env, "DTK_GATEWAY_IDLE_TIMEOUT_MS", v -> b.idleTimeout(millis("DTK_GATEWAY_IDLE_TIMEOUT_MS", v)));
        ifSet(env, "DTK_GATEWAY_HEADER_TIMEOUT_MS", v -> b.headerTimeout(millis("DTK_GATEWAY_HEADER_TIMEOUT_MS", v)));
        ifSet(env, "DTK_GATEWAY_READ_TIMEOUT_MS", v -> b.readTimeout(millis("DTK_GATEWAY_READ_TIMEOUT_MS", v)));
        ifSet(env, "DTK_GATEWAY_BODY_TIMEOUT_MS", v -> b.bodyTimeout(millis("DTK_GATEWAY_BODY_TIMEOUT_MS", v)));
        ifSet(env, "DTK_GATEWAY_MAX_CONNECTIONS",
                v -> b.maxConnections(integer("DTK_GATEWAY_MAX_CONNECTIONS", v)));
        ifSet(env, "DTK_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS",
                v -> b.maxConnectionsPerAddress(integer("DTK_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS", v)));
        ifSet(env, "DTK_GATEWAY_TRUSTED_PROXIES", v -> b.trustedProxies(split(v)));
        return b;
    }

    private static void ifSet(Map<String, String> env, String name, java.util.function.Consumer<String> setter) {
        String value = env.get(name);
        if (value != null && !value.isBlank()) {
            setter.accept(value.trim());
        }
    }

    private static Hub hub(String name) {
        try {
            return Hub.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DTK_HUB: " + e.getMessage(), e);
        }
    }

    private static long integer(String setting, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " must be a whole number, got '" + value + "'");
        }
    }

    private static Duration millis(String setting, String value) {
        return Duration.ofMillis(integer(setting, value));
    }

    static List<String> split(String commaList) {
        return Arrays.stream(commaList.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** How the gateway reaches Kafka. */
    public KafkaSettings kafka() {
        return kafka;
    }

    /** The task hubs this gateway serves; the first is its default (requests without {@code taskHub}). */
    public List<Hub> hubs() {
        return hubs;
    }

    public List<String> keys() {
        return keys;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The query endpoints of the default hub's engines. */
    public List<URI> engineUrls() {
        return engineUrls.get(hubs.get(0));
    }

    /** The query endpoints of {@code hub}'s engines (empty for a hub this gateway does not serve). */
    public List<URI> engineUrls(Hub hub) {
        return engineUrls.getOrDefault(hub, List.of());
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public Duration catchUpTimeout() {
        return catchUpTimeout;
    }

    /** How long a connection may stay open with no request in progress (just opened, or between requests). */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** How long a caller may take to send a request's line and headers once it has begun. */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** The longest pause allowed while a caller sends a request body or takes an answer. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** How long a whole request body may take to arrive. */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Open connections at most; a connection over the limit is answered 503 with Retry-After. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Open connections at most from one client address (trusted proxies excepted). */
    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    /** Addresses and CIDR ranges of reverse proxies whose forwarded headers count. */
    public List<String> trustedProxies() {
        return trustedProxies;
    }

    /** The secret the engines' query endpoints require; null when they require none. */
    public String engineQuerySecret() {
        return engineQuerySecret;
    }

    /** Settings for the gateway's Kafka clients, bootstrap servers included. */
    public Map<String, Object> kafkaClientSettings() {
        return kafka.clientProperties();
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("host", host);
        shown.put("port", Integer.toString(port));
        shown.put("hubs", hubs.toString());
        shown.put("keys", keys.isEmpty() ? "none" : keys.size() + " [redacted]");
        shown.put("insecure", Boolean.toString(insecure));
        shown.put("stateDir", stateDir.toString());
        shown.put("engineUrls", engineUrls.toString());
        shown.put("maxBodyBytes", Long.toString(maxBodyBytes));
        shown.put("catchUpTimeout", catchUpTimeout.toString());
        shown.put("engineQuerySecret", engineQuerySecret == null ? "none" : "[redacted]");
        shown.put("idleTimeout", idleTimeout.toString());
        shown.put("headerTimeout", headerTimeout.toString());
        shown.put("readTimeout", readTimeout.toString());
        shown.put("bodyTimeout", bodyTimeout.toString());
        shown.put("maxConnections", Integer.toString(maxConnections));
        shown.put("maxConnectionsPerAddress", Integer.toString(maxConnectionsPerAddress));
        shown.put("trustedProxies", trustedProxies.toString());
        kafka.redacted().forEach((k, v) -> shown.put("kafka." + k, v));
        return "GatewayConfig" + shown;
    }

    /** Builds a {@link GatewayConfig}; {@link #build()} names the first bad setting. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 7071;
        private String bootstrapServers = "localhost:9092";
        private final List<String> keys = new ArrayList<>();
        private boolean insecure;
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "dtk-gateway");
        private final List<Hub> hubs = new ArrayList<>(List.of(Hub.DEFAULT));
        private final List<URI> engineUrls = new ArrayList<>();
        private final Map<Hub, List<URI>> engineUrlsByHub = new LinkedHashMap<>();
        private long maxBodyBytes = dev.dtk.topics.Limits.DEFAULT_PAYLOAD_BYTES;
        private Duration catchUpTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private long maxConnections = 1000;
        private long maxConnectionsPerAddress = 100;
        private final List<String> trustedProxies = new ArrayList<>();
        private String engineQuerySecret;
        private final Map<String, String> kafka = new LinkedHashMap<>();
        private KafkaSettings kafkaSettings;

        private Builder() {
        }

        /** The address to listen on; a non-loopback address needs keys or {@link #insecure}. */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** The port to listen on; 0: any free port. */
        public Builder port(long value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, got " + value);
            }
            this.port = (int) value;
            return this;
        }

        public Builder bootstrapServers(String value) {
            this.bootstrapServers = value;
            return this;
        }

        public Builder keys(List<String> values) {
            values.forEach(k -> this.keys.add(k.trim()));
            return this;
        }

        /** Reads keys from a file, one a line; blank lines and lines starting with # are skipped. */
        public Builder keysFile(Path file) {
            try {
                Files.readAllLines(file).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(keys::add);
            } catch (IOException e) {
                throw new UncheckedIOException("DTK_GATEWAY_KEYS_FILE: cannot read " + file, e);
            }
            return this;
        }

        /** Serve without keys on a non-loopback address (anyone who reaches the port may do anything). */
        public Builder insecure(boolean value) {
            this.insecure = value;
            return this;
        }

        /** Where the status view (RocksDB) lives; each gateway uses a fresh folder under it. */
        public Builder stateDir(Path value) {
            this.stateDir = value;
            return this;
        }

        /**
         * The task hubs to serve (default: {@code dtk} alone); the first is the default hub, which a request
         * without {@code taskHub} goes to.
         */
        public Builder hubs(List<Hub> values) {
            this.hubs.clear();
            this.hubs.addAll(values);
            return this;
        }

        /** The default hub's engine query endpoints ({@code http://host:port}), for history and orchestrator names. */
        public Builder engineUrls(List<URI> values) {
            this.engineUrls.addAll(values);
            return this;
        }

        /** The query endpoints of {@code hub}'s engines. */
        public Builder engineUrls(Hub hub, List<URI> values) {
            this.engineUrlsByHub.computeIfAbsent(hub, h -> new ArrayList<>()).addAll(values);
            return this;
        }

        /** An engine query endpoint as given on the command line or in DTK_ENGINE_URLS: {@code URL} or {@code HUB=URL}. */
        public Builder engineUrl(String value) {
            String given = value.trim();
            int eq = given.indexOf('=');
            int scheme = given.indexOf("://");
            if (eq > 0 && (scheme < 0 || eq < scheme)) {
                Hub hub;
                try {
                    hub = Hub.of(given.substring(0, eq).trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("engine URL '" + given + "': " + e.getMessage(), e);
                }
                return engineUrls(hub, List.of(URI.create(given.substring(eq + 1).trim())));
            }
            return engineUrls(List.of(URI.create(given)));
        }

        public Builder maxBodyBytes(long value) {
            this.maxBodyBytes = value;
            return this;
        }

        /** How long a lookup that misses may wait for the view to catch up before answering 404. */
        public Builder catchUpTimeout(Duration value) {
            this.catchUpTimeout = value;
            return this;
        }

        /** How long a connection may stay open with no request in progress; default 30 s. */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = value;
            return this;
        }

        /** How long a caller may take to send a request's line and headers; default 10 s. */
        public Builder headerTimeout(Duration value) {
            this.headerTimeout = value;
            return this;
        }

        /** The longest pause while a caller sends a body or takes an answer; default 10 s. */
        public Builder readTimeout(Duration value) {
            this.readTimeout = value;
            return this;
        }

        /** How long a whole request body may take to arrive; default 30 s. */
        public Builder bodyTimeout(Duration value) {
            this.bodyTimeout = value;
            return this;
        }

        /** Open connections at most (default 1000); past twice as many the gateway stops accepting. */
        public Builder maxConnections(long value) {
            this.maxConnections = value;
            return this;
        }

        /** Open connections at most from one client address (default 100); trusted proxies have no limit. */
        public Builder maxConnectionsPerAddress(long value) {
            this.maxConnectionsPerAddress = value;
            return this;
        }

        /** Reverse proxies (IP addresses or CIDR ranges) whose X-Forwarded-Host/-Proto and Forwarded count. */
        public Builder trustedProxies(List<String> values) {
            values.forEach(v -> this.trustedProxies.add(v.trim()));
            return this;
        }

        /** The secret to present to the engines' query endpoints (DTK_ENGINE_QUERY_SECRET). */
        public Builder engineQuerySecret(String value) {
            this.engineQuerySecret = value == null || value.isBlank() ? null : value.trim();
            return this;
        }

        public Builder kafka(Map<String, String> settings) {
            this.kafka.putAll(settings);
            return this;
        }

        /** How to reach Kafka: bootstrap servers and the settings passed through. */
        public Builder kafka(KafkaSettings settings) {
            this.bootstrapServers = settings.bootstrapServers();
            this.kafka.putAll(settings.passThrough());
            return this;
        }

        public GatewayConfig build() {
            require(host != null && !host.isBlank(), "host must be set");
            kafkaSettings = KafkaSettings.builder().bootstrapServers(bootstrapServers).setAll(kafka).build();
            require(keys.stream().noneMatch(String::isEmpty), "keys must not be empty strings");
            require(stateDir != null, "stateDir must be set");
            require(maxBodyBytes > 0, "maxBodyBytes must be positive, got " + maxBodyBytes);
            positive("catchUpTimeout", catchUpTimeout);
            positive("idleTimeout", idleTimeout);
            positive("headerTimeout", headerTimeout);
            positive("readTimeout", readTimeout);
            positive("bodyTimeout", bodyTimeout);
            require(maxConnections > 0 && maxConnections <= MAX_CONNECTIONS,
                    "maxConnections must be 1-" + MAX_CONNECTIONS + ", got " + maxConnections);
            require(maxConnectionsPerAddress > 0 && maxConnectionsPerAddress <= MAX_CONNECTIONS,
                    "maxConnectionsPerAddress must be 1-" + MAX_CONNECTIONS + ", got " + maxConnectionsPerAddress);
            TrustedProxies.parse(trustedProxies);
            require(!hubs.isEmpty() && hubs.stream().noneMatch(java.util.Objects::isNull),
                    "hubs: serve at least one task hub (DTK_HUB, --hub)");
            require(new LinkedHashSet<>(hubs).size() == hubs.size(), "hubs: " + hubs + " names a hub twice");
            for (Hub hub : engineUrlsByHub.keySet()) {
                require(hubs.contains(hub), "engine URLs are given for hub '" + hub + "', which this gateway does not"
                        + " serve; add it to the hubs (DTK_HUB, --hub) or drop those URLs");
            }
            List<URI> allUrls = new ArrayList<>(engineUrls);
            engineUrlsByHub.values().forEach(allUrls::addAll);
            for (URI url : allUrls) {
                require(url.getScheme() != null && url.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
                        && url.getHost() != null, "engineUrls: '" + url + "' is not an http://host:port URL");
            }
            require(keys.size() > 0 || insecure || isLoopback(host), "host " + host + " is not a loopback address"
                    + " and no keys are configured (DTK_GATEWAY_KEYS or DTK_GATEWAY_KEYS_FILE): anyone who reaches"
                    + " the port could start and purge instances. Configure keys, bind to 127.0.0.1, or pass"
                    + " --insecure (DTK_GATEWAY_INSECURE=true) to run without keys anyway.");
            return new GatewayConfig(this);
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("host: cannot resolve '" + host + "'", e);
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
