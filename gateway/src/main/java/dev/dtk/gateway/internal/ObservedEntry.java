package dev.dtk.gateway.internal;

import dev.dtk.observability.Observability;
import dev.dtk.observability.OpsEndpoints;
import dev.dtk.observability.TraceHeaders;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * In front of {@link HttpEntry}: what the gateway serves to operators and how it watches itself.
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus' text, without a key (scrapers carry none; it holds counts and
 *       names, nothing of an instance);
 *   <li>{@code GET /console}: the web console's files ({@link ConsoleFiles}), without a key: they hold
 *       none, and every call the page makes presents the key its user types in;
 *   <li>every other request is timed into {@code dtk_gateway_requests_seconds{method,route,code}}
 *       (route: the pattern it matched, so that instance IDs never become labels), and with traces on
 *       gets a server span, a child of the caller's {@code traceparent}; the span replaces that header,
 *       so that an orchestration started here is a child of it.
 * </ul>
 */
public final class ObservedEntry implements HttpHandler {

    private static final HttpString TRACEPARENT = new HttpString(TraceHeaders.TRACEPARENT);
    private static final HttpString TRACESTATE = new HttpString(TraceHeaders.TRACESTATE);
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final HttpHandler next;
    private final Router router;
    private final Set<String> fixedPaths;
    private final Observability observability;
    private final Tracer tracer;
    private final ConsoleFiles console;
    private final Executor workers;

    /** {@code fixedPaths}: paths served as they are (health, extra routes), which are their own route label. */
    public ObservedEntry(HttpHandler next, Router router, Set<String> fixedPaths, Observability observability,
            ConsoleFiles console, Executor workers) {
        this.next = next;
        this.router = router;
        this.fixedPaths = Set.copyOf(fixedPaths);
        this.observability = observability;
        this.tracer = observability.tracing() ? observability.tracer("dev.dtk.gateway") : null;
        this.console = console;
        this.workers = workers;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String method = exchange.getRequestMethod().toString();
        String path = exchange.getRequestPath();
        if (method.equals("GET") && path.equals("/metrics") && observability.scrape().isPresent()) {
            exchange.dispatch(workers, () -> {
                exchange.getResponseHeaders().put(new HttpString("Content-Type"), OpsEndpoints.PROMETHEUS_TEXT);
                exchange.getResponseSender().send(ByteBuffer.wrap(
                        observability.scrape().orElse("").getBytes(StandardCharsets.UTF_8)));
            });
            return;
        }
        if (console.answers(exchange)) {
            return;
        }
        String route = route(method, exchange.getRequestURI(), path);
        long started = System.nanoTime();
        Span span = tracer == null ? null : serverSpan(exchange, method, route);
        exchange.addExchangeCompleteListener((done, proceed) -> {
            int code = done.getStatusCode();
            Timer.builder("dtk.gateway.requests").description("HTTP requests, by method, route and status code")
                    .tag("method", method).tag("route", route).tag("code", Integer.toString(code))
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(observability.meters())
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (span != null) {
                span.setAttribute(STATUS, (long) code);
                if (code >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
            proceed.proceed();
        });
        next.handleRequest(exchange);
    }

    private Span serverSpan(HttpServerExchange exchange, String method, String route) {
        Map<String, String> incoming = new HashMap<>();
        String parent = exchange.getRequestHeaders().getFirst(TRACEPARENT);
        if (parent != null) {
            incoming.put(TraceHeaders.TRACEPARENT, parent);
        }
        String state = exchange.getRequestHeaders().getFirst(TRACESTATE);
        if (state != null) {
            incoming.put(TraceHeaders.TRACESTATE, state);
        }
        Span span = tracer.spanBuilder(method + " " + route).setParent(TraceHeaders.extract(incoming))
                .setSpanKind(SpanKind.SERVER).setAttribute(METHOD, method).setAttribute(ROUTE, route).startSpan();
        TraceHeaders.asMap(Context.root().with(span)).forEach((name, value) ->
                exchange.getRequestHeaders().put(new HttpString(name), value));
        return span;
    }

    private String route(String method, String rawPath, String path) {
        if (fixedPaths.contains(path)) {
            return path;
        }
        return router.pattern(method, ApiRequest.segments(rawPath)).orElse("unmatched");
    }
}
