package dev.dtk.gateway;

import dev.dtk.client.DtkClient;
import dev.dtk.gateway.internal.Api;
import dev.dtk.gateway.internal.ConsoleFiles;
import dev.dtk.gateway.internal.ControlRoute;
import dev.dtk.gateway.internal.DeadLetterDesk;
import dev.dtk.gateway.internal.DeadLetterRoutes;
import dev.dtk.gateway.internal.EntityQueryRoute;
import dev.dtk.gateway.internal.EntitySignalRoute;
import dev.dtk.gateway.internal.EntityStateRoute;
import dev.dtk.gateway.internal.EventRoute;
import dev.dtk.gateway.internal.HealthRoute;
import dev.dtk.gateway.internal.HttpEntry;
import dev.dtk.gateway.internal.HttpListener;
import dev.dtk.gateway.internal.ObservedEntry;
import dev.dtk.gateway.internal.PurgeRoute;
import dev.dtk.gateway.internal.QueryRoute;
import dev.dtk.gateway.internal.RestartRoute;
import dev.dtk.gateway.internal.ServedHubs;
import dev.dtk.gateway.internal.Router;
import dev.dtk.gateway.internal.StartRoute;
import dev.dtk.gateway.internal.StatusRoute;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Hub;
import java.util.ArrayList;
import java.util.List;
import io.undertow.server.HttpHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the Durable Functions HTTP API on Undertow, in front of a {@link DtkClient} per
 * task hub that does the work: commands go to {@code <hub>.commands}; queries are answered from a status
 * view materialized from {@code <hub>.instance-status} into RocksDB; history comes from the hub's
 * engines. A request picks its hub with {@code taskHub} (else the gateway's default hub, the first).
 * Start any number of gateways against one cluster: each keeps a full view of its own.
 */
public final class DtkGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DtkGateway.class);
    private static final String P = "/runtime/webhooks/durabletask";
    private static final int WORKER_THREADS = 64;

    private final HttpListener server;
    private final ServedHubs hubs;
    private final ExecutorService workers;
    private final int port;
    private final String host;

    private DtkGateway(Builder b, GatewayConfig config) {
        this.host = config.host();
        this.workers = Executors.newFixedThreadPool(WORKER_THREADS, named("dtk-gateway-worker-"));
        this.hubs = serve(config, b.observability);
        Api api = new Api(hubs, workers);
        Router router = routes(api);
        DeadLetterRoutes deadLetterRoutes = new DeadLetterRoutes(api);
        router.add("GET", DeadLetterRoutes.LIST, deadLetterRoutes.list())
                .add("POST", DeadLetterRoutes.REDRIVE, deadLetterRoutes.redrive());
        Set<String> fixedPaths = Stream.concat(HealthRoute.PATHS.stream(),
                b.extraRoutes.keySet().stream().map(route -> route.substring(route.indexOf(' ') + 1)))
                .collect(Collectors.toSet());
        try {
            this.server = HttpListener.start(config,
                    limits -> new ObservedEntry(new HttpEntry(router, b.extraRoutes, config, limits, workers)
                            .withHealth(new HealthRoute(hubs::health)), router, fixedPaths, b.observability,
                            ConsoleFiles.load(), workers));
        } catch (RuntimeException e) {
            hubs.close();
            workers.shutdownNow();
            throw e;
        }
        this.port = server.port();
    }

    /** A client and a dead-letter desk for every hub of {@code config}, the default hub first. */
    private static ServedHubs serve(GatewayConfig config, Observability observability) {
        List<ServedHubs.Served> served = new ArrayList<>();
        try {
            for (Hub hub : config.hubs()) {
                DtkClient client = DtkClient.builder().hub(hub).kafka(config.kafka()).stateDir(config.stateDir())
                        .engineUrls(config.engineUrls(hub)).engineQuerySecret(config.engineQuerySecret())
                        .catchUpTimeout(config.catchUpTimeout()).meterRegistry(observability.meters()).build();
                served.add(new ServedHubs.Served(hub, client, new DeadLetterDesk(config.kafkaClientSettings(), hub)));
            }
            return new ServedHubs(served);
        } catch (RuntimeException e) {
            served.forEach(s -> {
                s.deadLetters().close();
                s.client().close();
            });
            throw e;
        }
    }

    private static Router routes(Api api) {
        StartRoute start = new StartRoute(api);
        Router router = new Router()
                .add("POST", P + "/orchestrators/{name}", start)
                .add("POST", P + "/orchestrators/{name}/{id}", start)
                .add("POST", "/orchestrators/{name}", start)
                .add("POST", "/orchestrators/{name}/{id}", start)
                .add("POST", "/api/orchestrators/{name}", start)
                .add("POST", "/api/orchestrators/{name}/{id}", start)
                .add("GET", P + "/instances", new QueryRoute(api))
                .add("DELETE", P + "/instances", new PurgeRoute(api, true))
                .add("GET", P + "/instances/{id}", new StatusRoute(api))
                .add("DELETE", P + "/instances/{id}", new PurgeRoute(api, false))
                .add("POST", P + "/instances/{id}/raiseEvent/{event}", new EventRoute(api))
                .add("POST", P + "/instances/{id}/restart", new RestartRoute(api, start))
                .add("POST", P + "/entities/{name}/{key}", new EntitySignalRoute(api, null))
                .add("DELETE", P + "/entities/{name}/{key}", new EntitySignalRoute(api, "delete"))
                .add("GET", P + "/entities/{name}/{key}", new EntityStateRoute(api))
                .add("GET", P + "/entities/{name}", new EntityQueryRoute(api))
                .add("GET", P + "/entities", new EntityQueryRoute(api));
        for (ControlRoute.Kind kind : ControlRoute.Kind.values()) {
            router.add("POST", P + "/instances/{id}/" + kind.name().toLowerCase(java.util.Locale.ROOT),
                    new ControlRoute(api, kind));
        }
        return router;
    }

    public static Builder builder(GatewayConfig config) {
        return new Builder(config);
    }

    /** The port the gateway listens on (the actual one when the configured port was 0). */
    public int port() {
        return port;
    }

    /** The client of the gateway's default hub. */
    public DtkClient client() {
        return hubs.fallback().client();
    }

    /** The client of {@code hub}, one of the hubs this gateway serves. */
    public DtkClient client(Hub hub) {
        return hubs.all().stream().filter(s -> s.hub().equals(hub)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("this gateway serves no hub " + hub)).client();
    }

    /** {@code http://host:port} of this gateway. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : shown) + ":" + port;
    }

    /** The web console's URL. */
    public String consoleUrl() {
        return url() + ConsoleFiles.PATH + "/";
    }

    /** Connections open to this gateway right now. */
    public int openConnections() {
        return server.openConnections();
    }

    @Override
    public void close() {
        server.close();
        hubs.close();
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Starts a gateway, optionally with extra read-only routes. */
    public static final class Builder {
        private final GatewayConfig config;
        private final Map<String, HttpHandler> extraRoutes = new LinkedHashMap<>();
        private Observability observability = Observability.none();

        private Builder(GatewayConfig config) {
            this.config = config;
        }

        /**
         * Records the gateway's metrics (requests by route and code, its Kafka clients', the status view's
         * lag) and traces into {@code value}, and serves {@code /metrics} from it. Default: none.
         */
        public Builder observability(Observability value) {
            this.observability = java.util.Objects.requireNonNull(value, "observability");
            return this;
        }

        /**
         * Serves {@code handler} at exactly {@code path} for {@code method} (for example a development page
         * such as {@code GET /dev/sms}). It runs on a worker thread with the exchange in blocking mode,
         * after the key check.
         */
        public Builder route(String method, String path, HttpHandler handler) {
            extraRoutes.put(HttpEntry.routeKey(method, path), handler);
            return this;
        }

        public DtkGateway start() {
            LOG.info("starting dtk gateway: {}", config);
            DtkGateway gateway = new DtkGateway(this, config);
            LOG.info("dtk gateway listening on {}", gateway.url());
            return gateway;
        }
    }
}
