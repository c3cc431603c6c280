package dev.dtk.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} (Prometheus' text format), {@code /health/live} and {@code /health/ready} on a
 * JDK HTTP server, without a key or secret: probes and scrapers carry none, and nothing here tells
 * anything about an instance. Mounted on a server of its own ({@link OpsServer}, workers) or on the
 * engine's query endpoint.
 */
public final class OpsEndpoints implements HttpHandler {

    /** Prometheus' text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);

    private final Observability observability;
    private final Supplier<HealthReport> live;
    private final Supplier<HealthReport> ready;

    public OpsEndpoints(Observability observability, Supplier<HealthReport> live, Supplier<HealthReport> ready) {
        this.observability = observability;
        this.live = live;
        this.ready = ready;
    }

    /** Serves these paths on {@code server}, ahead of whatever else it serves. */
    public void mountOn(HttpServer server) {
        server.createContext("/metrics", this);
        server.createContext("/health", this);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "application/json", "{\"error\":\"only GET\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (path) {
                case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT,
                        observability.scrape().orElse("").getBytes(StandardCharsets.UTF_8));
                case "/health/live" -> health(exchange, live.get());
                case "/health", "/health/ready" -> health(exchange, ready.get());
                default -> send(exchange, 404, "application/json",
                        "{\"error\":\"no such route\"}".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            LOG.warn("{} failed", exchange.getRequestURI(), e);
        }
    }

    private static void health(HttpExchange exchange, HealthReport report) throws IOException {
        send(exchange, report.httpStatus(), "application/json; charset=utf-8", report.json());
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
