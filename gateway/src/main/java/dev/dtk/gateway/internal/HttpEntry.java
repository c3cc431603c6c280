package dev.dtk.gateway.internal;

import dev.dtk.client.DtkClientException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's root Undertow handler. Leaves the I/O thread at once (everything here may touch
 * RocksDB or wait), checks the key, reads the body within the size limit, routes, and writes the
 * reply when the route's future completes, on a worker thread. Extra routes (read-only pages such
 * as a development SMS outbox) are plain Undertow handlers, called on a worker thread in blocking mode.
 */
public final class HttpEntry implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEntry.class);
    private static final HttpString FUNCTIONS_KEY = new HttpString("x-functions-key");

    private final Router router;
    private final Map<String, HttpHandler> extraRoutes;
    private final KeyCheck keys;
    private final long maxBodyBytes;
    private final Executor workers;

    public HttpEntry(Router router, Map<String, HttpHandler> extraRoutes, KeyCheck keys, long maxBodyBytes,
            Executor workers) {
        this.router = router;
        this.extraRoutes = Map.copyOf(extraRoutes);
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.workers = workers;
    }

    /** The key of an extra route in {@link #extraRoutes}: method and path. */
    public static String routeKey(String method, String path) {
        return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isInIoThread()) {
            exchange.dispatch(workers, this);
            return;
        }
        exchange.startBlocking();
        String key = presentedKey(exchange);
        if (!keys.allows(key)) {
            exchange.setStatusCode(401);
            exchange.endExchange();
            return;
        }
        HttpHandler extra = extraRoutes.get(routeKey(exchange.getRequestMethod().toString(),
                exchange.getRequestPath()));
        if (extra != null) {
            extra.handleRequest(exchange);
            return;
        }
        try {
            ApiRequest request = request(exchange, key);
            Optional<Router.Match> match = router.find(request.method(), request.segments());
            if (match.isEmpty()) {
                send(exchange, ApiError.notFound("No route " + request.method() + " " + exchange.getRequestPath()
                        + "; see the Durable Functions HTTP API.").reply());
                return;
            }
            ApiRequest withBody = request.withBody(readBody(exchange));
            CompletionStage<Reply> reply = match.get().action().handle(withBody, match.get().params());
            exchange.dispatch(SameThreadExecutor.INSTANCE, () -> reply.whenCompleteAsync(
                    (value, error) -> send(exchange, value != null ? value : failure(error)), workers));
        } catch (RuntimeException e) {
            send(exchange, failure(e));
        }
    }

    private static Reply failure(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiError api) {
            return api.reply();
        }
        if (cause instanceof DtkClientException refused) {
            return ApiError.of(refused).reply();
        }
        LOG.error("unexpected error in the gateway", cause);
        return Reply.error(500, "Internal Server Error", "The gateway failed: " + cause);
    }

    private static void send(HttpServerExchange exchange, Reply reply) {
        try {
            exchange.setStatusCode(reply.status());
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().put(new HttpString(name), value));
            if (reply.body() == null) {
                exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
                exchange.endExchange();
            } else {
                exchange.getResponseSender().send(ByteBuffer.wrap(reply.body()));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not send the reply: {}", e.toString());
            exchange.endExchange();
        }
    }

    private String presentedKey(HttpServerExchange exchange) {
        Deque<String> code = exchange.getQueryParameters().get("code");
        if (code != null && !code.isEmpty() && !code.peekFirst().isEmpty()) {
            return code.peekFirst();
        }
        return exchange.getRequestHeaders().getFirst(FUNCTIONS_KEY);
    }

    private ApiRequest request(HttpServerExchange exchange, String key) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        exchange.getQueryParameters().forEach((name, values) -> query.put(name, new ArrayList<>(values)));
        String rawQuery = exchange.getQueryString();
        String pathAndQuery = exchange.getRequestURI() + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return new ApiRequest(exchange.getRequestMethod().toString(), ApiRequest.segments(exchange.getRequestURI()),
                query, exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE),
                exchange.getRequestHeaders().getFirst(QueryRoute.TOKEN_HEADER), null, baseUrl(exchange),
                pathAndQuery, key);
    }

    private static String baseUrl(HttpServerExchange exchange) {
        String host = first(exchange.getRequestHeaders().get("X-Forwarded-Host"));
        String proto = first(exchange.getRequestHeaders().get("X-Forwarded-Proto"));
        if (host == null) {
            host = exchange.getHostAndPort();
        }
        return (proto == null ? exchange.getRequestScheme() : proto) + "://" + host;
    }

    private static String first(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.getFirst().split(",")[0].trim();
        return value.isEmpty() ? null : value;
    }

    private byte[] readBody(HttpServerExchange exchange) {
        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = exchange.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw ApiError.badRequest("Could not read the request body: " + e.getMessage());
        }
    }

    private ApiError tooLarge(long declared) {
        return ApiError.tooLarge("The request body" + (declared > 0 ? " (" + declared + " bytes)" : "")
                + " is larger than the limit of " + maxBodyBytes + " bytes.");
    }
}
