package dev.dtk.gateway.internal;

import dev.dtk.client.DtkClientException;
import dev.dtk.gateway.GatewayConfig;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
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
import org.xnio.IoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's root Undertow handler. On the I/O thread, where it costs next to nothing and never
 * waits: a connection over the limits gets 503, a request without a valid key 401 (both before any
 * byte of a body is read; the connection is then closed), an unknown route 404; the body is read
 * by {@link BodyReader} as it arrives, without a thread waiting for it. Only then does the route run
 * on a worker thread (it may touch RocksDB or wait for Kafka), and the reply is written when its
 * future completes. Extra routes (read-only pages such as a development SMS outbox) are plain
 * Undertow handlers, called after the key check on a worker thread in blocking mode.
 */
public final class HttpEntry implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEntry.class);
    private static final HttpString FUNCTIONS_KEY = new HttpString("x-functions-key");
    private static final HttpString TRACEPARENT = new HttpString("traceparent");
    static final String RETRY_AFTER_SECONDS = "2";

    private final Router router;
    private final Map<String, HttpHandler> extraRoutes;
    private HealthRoute health;
    private final KeyCheck keys;
    private final BodyReader bodies;
    private final CallerUrl callerUrl;
    private final ConnectionLimits limits;
    private final Executor workers;

    public HttpEntry(Router router, Map<String, HttpHandler> extraRoutes, GatewayConfig config,
            ConnectionLimits limits, Executor workers) {
        this.router = router;
        this.extraRoutes = Map.copyOf(extraRoutes);
        this.keys = new KeyCheck(config.keys());
        this.bodies = new BodyReader(config.maxBodyBytes(), config.readTimeout(), config.bodyTimeout());
        this.callerUrl = new CallerUrl(TrustedProxies.parse(config.trustedProxies()));
        this.limits = limits;
        this.workers = workers;
    }

    /** Answers {@code /health}, {@code /health/live} and {@code /health/ready} (without a key). */
    public HttpEntry withHealth(HealthRoute route) {
        this.health = route;
        return this;
    }

    /** The key of an extra route in {@link #extraRoutes}: method and path. */
    public static String routeKey(String method, String path) {
        return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (health != null && exchange.getRequestMethod().equalToString("GET")
                && HealthRoute.PATHS.contains(exchange.getRequestPath())) {
            exchange.dispatch(workers, () -> send(exchange, health.answer(exchange.getRequestPath())));
            return;
        }
        String refusal = limits.refusal(exchange.getConnection());
        if (refusal != null) {
            exchange.setPersistent(false);
            send(exchange, ApiError.unavailable(refusal + " Try again in " + RETRY_AFTER_SECONDS + " s.").reply()
                    .withHeader("Retry-After", RETRY_AFTER_SECONDS));
            return;
        }
        String key = presentedKey(exchange);
        if (!keys.allows(key)) {
            exchange.setPersistent(false);
            send(exchange, Reply.empty(401));
            return;
        }
        HttpHandler extra = extraRoutes.get(routeKey(exchange.getRequestMethod().toString(),
                exchange.getRequestPath()));
        if (extra != null) {
            exchange.dispatch(workers, blocking -> {
                blocking.startBlocking();
                extra.handleRequest(blocking);
            });
            return;
        }
        try {
            ApiRequest request = request(exchange, key);
            Optional<Router.Match> match = router.find(request.method(), request.segments());
            if (match.isEmpty()) {
                send(exchange, ApiError.notFound("No route " + request.method() + " " + exchange.getRequestPath()
                        + "; see the Durable Functions HTTP API.").reply());
            } else if (exchange.isRequestComplete()) {
                run(exchange, match.get(), request);
            } else {
                readBody(exchange, match.get(), request);
            }
        } catch (RuntimeException e) {
            send(exchange, failure(e));
        }
    }

    /** Reads the body on the I/O thread; a caller that asked first ({@code Expect: 100-continue}) is told to send it. */
    private void readBody(HttpServerExchange exchange, Router.Match match, ApiRequest request) {
        if (!HttpContinue.requiresContinueResponse(exchange)) {
            bodies.read(exchange, (ex, body) -> run(ex, match, request.withBody(body)), this::refuse);
            return;
        }
        HttpContinue.sendContinueResponse(exchange, new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange ex, Sender sender) {
                ex.dispatch(ex.getIoThread(), io -> readBody(io, match, request));
            }

            @Override
            public void onException(HttpServerExchange ex, Sender sender, IOException e) {
                LOG.debug("could not send 100 Continue: {}", e.toString());
                IoUtils.safeClose(ex.getConnection());
            }
        });
    }

    private void refuse(HttpServerExchange exchange, ApiError error) {
        send(exchange, error.reply());
    }

    /** Runs the route on a worker thread and sends its reply when it is ready. */
    private void run(HttpServerExchange exchange, Router.Match match, ApiRequest request) {
        exchange.dispatch(workers, () -> {
            CompletionStage<Reply> reply;
            try {
                reply = match.action().handle(request, match.params());
            } catch (RuntimeException e) {
                send(exchange, failure(e));
                return;
            }
            reply.whenCompleteAsync((value, error) -> send(exchange, value != null ? value : failure(error)), workers);
        });
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

    /**
     * Writes {@code reply}. When the request's body has not been read (a refusal before it), the
     * connection is closed after the reply instead of reading what the caller may still send.
     */
    private static void send(HttpServerExchange exchange, Reply reply) {
        try {
            if (!exchange.isRequestComplete()) {
                exchange.setPersistent(false);
            }
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
                exchange.getRequestHeaders().getFirst(QueryRoute.TOKEN_HEADER), null, callerUrl.of(exchange),
                pathAndQuery, key, exchange.getRequestHeaders().getFirst(TRACEPARENT));
    }
}
