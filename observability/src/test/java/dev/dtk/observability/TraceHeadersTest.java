package dev.dtk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceHeadersTest {

    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void shouldCarryATraceparentFromHttpHeadersToKafkaHeadersUnchanged() {
        Context context = TraceHeaders.extract(Map.of("traceparent", PARENT));
        Headers headers = TraceHeaders.of(context);

        assertThat(new String(headers.lastHeader("traceparent").value(), StandardCharsets.UTF_8)).isEqualTo(PARENT);
        assertThat(TraceHeaders.spanContext(headers).getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceHeaders.spanContext(headers).isRemote()).isTrue();
    }

    @Test
    void shouldCarryNothingWhenThereIsNoTrace() {
        assertThat(TraceHeaders.of(Context.root())).isNull();
        assertThat(TraceHeaders.asMap(Context.root())).isEmpty();
        assertThat(TraceHeaders.spanContext(new RecordHeaders()).isValid()).isFalse();
        assertThat(Span.fromContext(TraceHeaders.extract(Map.of("traceparent", "garbage"))).getSpanContext()
                .isValid()).isFalse();
    }

    @Test
    void shouldReplaceTraceHeadersAlreadyOnARecord() {
        Headers headers = new RecordHeaders();
        headers.add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01".getBytes());
        TraceHeaders.inject(TraceHeaders.extract(Map.of("traceparent", PARENT)), headers);

        assertThat(headers.headers("traceparent")).hasSize(1);
        assertThat(TraceHeaders.spanContext(headers).getSpanId()).isEqualTo("b7ad6b7169203331");
    }
}
