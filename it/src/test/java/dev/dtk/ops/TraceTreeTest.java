package dev.dtk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.observability.Observability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One orchestration is one trace: a hello sequence started over HTTP with a {@code traceparent} gives
 * the gateway's server span under the caller's, a span per engine step under it, and a span per
 * activity under the step that scheduled it, across Kafka (command, task and result records) and
 * the three services, on a real broker. Spans are caught by the SDK's in-memory exporter.
 */
class TraceTreeTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @TempDir
    static Path dir;

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static OpsCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(SPANS)).build()).build();
        cluster = new OpsCluster(dir, Observability.of(new SimpleMeterRegistry(), otel));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void shouldTraceAHelloSequenceAsOneTreeUnderTheCallersSpan() {
        cluster.start("HelloSequence", "traced-hello", null,
                Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01"));
        cluster.awaitStatus("traced-hello", "Completed");

        List<SpanData> trace = await().atMost(OpsCluster.TIMEOUT).until(this::spansOfTheTrace, s -> s.size() >= 8);

        assertThat(tree(trace, CALLER_SPAN, "")).isEqualTo("""
                POST /runtime/webhooks/durabletask/orchestrators/{name}/{id} (SERVER)
                  step HelloSequence [start_orchestration] (CONSUMER)
                    activity SayHello (CONSUMER)
                  step HelloSequence [activity_result] (CONSUMER)
                    activity SayHello (CONSUMER)
                  step HelloSequence [activity_result] (CONSUMER)
                    activity SayHello (CONSUMER)
                  step HelloSequence [activity_result] (CONSUMER)
                """);
        List<SpanData> steps = byStart(trace.stream().filter(s -> s.getName().startsWith("step")).toList());
        List<SpanData> activities = byStart(trace.stream().filter(s -> s.getName().startsWith("activity")).toList());
        for (int i = 0; i < 3; i++) {
            SpanData activity = activities.get(i);
            assertThat(steps.get(i + 1).getLinks()).as("a step links to the activity whose result it takes")
                    .singleElement().satisfies(link ->
                            assertThat(link.getSpanContext().getSpanId()).isEqualTo(activity.getSpanId()));
        }
        assertThat(steps.getLast().getAttributes().get(AttributeKey.stringKey("dtk.runtime_status")))
                .isEqualTo("Completed");
        assertThat(steps).allSatisfy(step -> assertThat(step.getAttributes()
                .get(AttributeKey.stringKey("dtk.instance_id"))).isEqualTo("traced-hello"));
    }

    private List<SpanData> spansOfTheTrace() {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE_ID)).toList();
    }

    /** The spans under {@code parent} as an indented outline, children in the order they started. */
    private static String tree(List<SpanData> spans, String parent, String indent) {
        StringBuilder out = new StringBuilder();
        for (SpanData span : byStart(spans.stream().filter(s -> s.getParentSpanId().equals(parent)).toList())) {
            String input = span.getAttributes().get(AttributeKey.stringKey("dtk.input"));
            out.append(indent).append(span.getName()).append(input == null ? "" : " [" + input + "]")
                    .append(" (").append(span.getKind()).append(")\n");
            out.append(tree(spans, span.getSpanId(), indent + "  "));
        }
        return out.toString();
    }

    private static List<SpanData> byStart(List<SpanData> spans) {
        return spans.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }
}
