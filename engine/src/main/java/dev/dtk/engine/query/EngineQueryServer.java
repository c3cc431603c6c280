package dev.dtk.engine.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.query.internal.HistoryRendering;
import dev.dtk.engine.query.internal.QueryRequest;
import dev.dtk.engine.query.internal.QuerySecret;
import dev.dtk.engine.streams.InstanceStore;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's internal HTTP endpoint, for gateways: what only the engine holds. Any engine answers
 * for any instance: it finds the engine that owns the key (Kafka Streams interactive queries,
 * {@code application.server}) and asks it.
 *
 * <p>What it serves includes activity outputs (an SMS code, for one), so when a secret is configured
 * every request must present it ({@code Authorization: Bearer <secret>}, compared in constant time),
 * else 401; an engine forwarding a query presents it too. The engine refuses to serve without a
 * secret on anything but a loopback address (see {@code EngineConfig}).
 *
 * <ul>
 *   <li>{@code GET /instances/{id}/history?showHistoryOutput=true}: 200 with the Durable Functions
 *       {@code historyEvents} array, 404 unknown instance, 503 while the owner is rebalancing;
 *   <li>{@code GET /orchestrators}: 200 with the registered orchestrator names;
 *   <li>{@code GET /entities}: 200 with the registered entity names (lower case);
 *   <li>{@code GET /metrics}, {@code /health/live}, {@code /health/ready}: the engine's metrics and health,
 *       for Prometheus and Kubernetes probes, without the secret (see {@link #serveOps}).
 * </ul>
 */
public final class EngineQueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineQueryServer.class);
    private static final Duration PROXY_TIMEOUT = Duration.ofSeconds(10);

    private final HttpServer server;
    private final HostInfo self;
    private final QuerySecret secret;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile KafkaStreams streams;
    private volatile int inputPartitions;
    private volatile OrchestratorRegistry registry;
    private volatile EntityRegistry entities = EntityRegistry.empty();

    private EngineQueryServer(HttpServer server, HostInfo self, QuerySecret secret) {
        this.server = server;
        this.self = self;
        this.secret = secret;
    }

    /**
     * Binds to {@code bindHost:port} (0: a free port); {@link #advertised()} is the {@code application.server}.
     * {@code secret}: what callers must present; null or blank: nothing.
     */
    public static EngineQueryServer bind(String bindHost, String advertisedHost, int port, String secret)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindHost, port), 64);
        return new EngineQueryServer(server, new HostInfo(advertisedHost, server.getAddress().getPort()),
                QuerySecret.of(secret));
    }

    public HostInfo advertised() {
        return self;
    }

    /** Serves metrics and health ({@code ops}) next to the queries, without the secret; call before {@link #start}. */
    public void serveOps(dev.dtk.observability.OpsEndpoints ops) {
        ops.mountOn(server);
    }

    /** Starts answering for {@code streams}, whose inputs have {@code inputPartitions} partitions. */
    public void start(KafkaStreams streams, int inputPartitions, OrchestratorRegistry registry,
            EntityRegistry entities) {
        this.streams = streams;
        this.inputPartitions = inputPartitions;
        this.registry = registry;
        this.entities = entities;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("engine query endpoint on {} ({}:{}), {}", server.getAddress(), self.host(), self.port(),
                secret.required() ? "callers must present the query secret" : "open to any caller on loopback");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!secret.allows(exchange.getRequestHeaders().getFirst(QuerySecret.HEADER))) {
                reply(exchange, 401, error("this engine's query endpoint requires the query secret"
                        + " (Authorization: Bearer <DTK_ENGINE_QUERY_SECRET>)"));
                return;
            }
            QueryRequest request = QueryRequest.of(exchange.getRequestMethod(), exchange.getRequestURI());
            switch (request.route()) {
                case ORCHESTRATORS -> reply(exchange, 200, DtkJson.write(registry.names()));
                case ENTITIES -> reply(exchange, 200, DtkJson.write(entities.names()));
                case HISTORY -> history(exchange, request);
                case NOT_FOUND -> reply(exchange, 404, error("no such route"));
            }
        } catch (RuntimeException e) {
            LOG.warn("engine query {} failed", exchange.getRequestURI(), e);
            reply(exchange, 500, error("internal error: " + e));
        }
    }

    private void history(HttpExchange exchange, QueryRequest request) throws IOException {
        String instanceId = request.instanceId();
        if (request.localOnly()) { // asked by another engine that found this one running its partition
            local(exchange, instanceId, request.showOutput());
            return;
        }
        int partition = Topics.partitionOf(instanceId, inputPartitions);
        Optional<HostInfo> owner;
        try {
            owner = ownerOf(partition);
        } catch (IllegalStateException | InvalidStateStoreException e) {
            reply(exchange, 503, error("the engine is not ready: " + e.getMessage()));
            return;
        }
        if (owner.isEmpty()) {
            reply(exchange, 503, error("no engine with a query endpoint runs partition " + partition + " of instance '"
                    + instanceId + "' right now (rebalancing, or the engine that runs it has no query endpoint)"));
        } else if (owner.get().equals(self)) {
            local(exchange, instanceId, request.showOutput());
        } else {
            proxy(exchange, owner.get(), request);
        }
    }

    /**
     * The query endpoint of the engine that runs {@code partition} now. Not Kafka Streams' {@code
     * queryMetadataForKey}: that hashes the key over the partitions it knows of, and it knows only those
     * of engines with an endpoint, so with one engine without one it named the wrong partition.
     */
    private Optional<HostInfo> ownerOf(int partition) {
        return streams.metadataForAllStreamsClients().stream()
                .filter(client -> client.topicPartitions().stream().anyMatch(tp -> tp.partition() == partition))
                .map(StreamsMetadata::hostInfo)
                .findFirst();
    }

    private void local(HttpExchange exchange, String instanceId, boolean showOutput) throws IOException {
        InstanceState state;
        try {
            state = InstanceStore.read(streams, Topics.partitionOf(instanceId, inputPartitions), instanceId);
        } catch (InvalidStateStoreException e) {
            reply(exchange, 503, error("the instances store is not available here right now: " + e.getMessage()));
            return;
        }
        if (state == null) {
            reply(exchange, 404, error("no instance '" + instanceId + "'"));
            return;
        }
        reply(exchange, 200, DtkJson.write(HistoryRendering.render(state.history(), showOutput)));
    }

    private void proxy(HttpExchange exchange, HostInfo owner, QueryRequest request) throws IOException {
        URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + request.pathForOwner());
        try {
            HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).timeout(PROXY_TIMEOUT).GET();
            if (secret.required()) {
                forwarded.header(QuerySecret.HEADER, secret.header());
            }
            HttpResponse<byte[]> response = client.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(exchange, response.statusCode(), response.body());
        } catch (IOException e) {
            reply(exchange, 503, error("the engine that owns the instance (" + owner + ") did not answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, error("interrupted"));
        }
    }

    private static byte[] error(String message) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("error", message);
        return DtkJson.write(node);
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
