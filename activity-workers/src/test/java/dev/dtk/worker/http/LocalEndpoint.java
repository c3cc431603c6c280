package dev.dtk.worker.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on a free loopback port for tests (the JDK's own): answers each path with a
 * handler and remembers every request it received, headers and body included.
 */
public final class LocalEndpoint implements AutoCloseable {

    /** A request as the server received it. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }
    }

    /** What to answer. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {

        public static Answer of(int status, String body, String... headers) {
            Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < headers.length; i += 2) {
                map.put(headers[i], headers[i + 1]);
            }
            return new Answer(status, map, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LocalEndpoint(HttpServer server) {
        this.server = server;
    }

    public static LocalEndpoint start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new LocalEndpoint(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers requests to {@code path} (and below it) with {@code handler}. */
    public LocalEndpoint on(String path, Function<Received, Answer> handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                Received request = read(exchange);
                received.add(request);
                Answer answer = handler.apply(request);
                answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                boolean empty = answer.body().length == 0 || request.method().equals("HEAD");
                exchange.sendResponseHeaders(answer.status(), empty ? -1 : answer.body().length);
                if (!empty) {
                    exchange.getResponseBody().write(answer.body());
                }
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(500, -1);
            }
        });
        return this;
    }

    /** The requests received on {@code path}, in order. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static Received read(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
    }
}
