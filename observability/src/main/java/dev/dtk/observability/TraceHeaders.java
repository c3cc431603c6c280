package dev.dtk.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The W3C trace context ({@code traceparent}, {@code tracestate}) on Kafka record headers and in
 * HTTP header maps: how a trace crosses from a caller to the gateway, into {@code dtk.commands},
 * through the engine to {@code dtk.tasks.<queue>}, to the workers and back. A service that
 * produces commands itself puts its own {@code traceparent} header on the record.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final TextMapPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> KAFKA = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            Header header = carrier.lastHeader(key);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceHeaders() {
    }

    /** The trace context on {@code headers} (null: none), on top of the root context. */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, KAFKA);
    }

    /** The trace context in HTTP-style headers (lower-case names). */
    public static Context extract(Map<String, String> headers) {
        return W3C.extract(Context.root(), headers, MAP);
    }

    /** The remote span context on {@code headers}, invalid when there is none. */
    public static SpanContext spanContext(Headers headers) {
        return Span.fromContext(extract(headers)).getSpanContext();
    }

    /** Puts {@code context}'s span on {@code headers} (replacing any trace headers there); nothing when it has none. */
    public static void inject(Context context, Headers headers) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return;
        }
        headers.remove(TRACEPARENT);
        headers.remove(TRACESTATE);
        W3C.inject(context, headers, (carrier, key, value) ->
                carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Record headers that carry {@code context}'s span; null when it has none (nothing to carry). */
    public static Headers of(Context context) {
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Headers headers = new RecordHeaders();
        inject(context, headers);
        return headers;
    }

    /** {@code context}'s span as HTTP-style headers; empty when it has none. */
    public static Map<String, String> asMap(Context context) {
        Map<String, String> out = new HashMap<>();
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, out, Map::put);
        }
        return out;
    }
}
