package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.observability.Observability;
import dev.dtk.observability.TraceHeaders;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ActivityTelemetryTest {

    private static final String STEP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final ActivityTask TASK = new ActivityTask(1, "i1", "e1", 3, "SayHello", null, Instant.EPOCH);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final ActivityTelemetry telemetry = new ActivityTelemetry(Observability.of(meters,
            OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()), "default");

    @Test
    void shouldRunTheActivityInASpanUnderTheStepThatScheduledIt() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", STEP.getBytes(StandardCharsets.UTF_8));

        ActivityTelemetry.Run run = telemetry.begin(TASK, headers);
        String seenByCode = run.within(() -> Span.current().getSpanContext().getSpanId());
        run.end(ActivityCompleted.of(TASK, null), false);

        SpanData span = spans.getFinishedSpanItems().getFirst();
        assertThat(span.getName()).isEqualTo("activity SayHello");
        assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(seenByCode).as("the activity's code runs inside its span").isEqualTo(span.getSpanId());
        assertThat(TraceHeaders.spanContext(run.headers()).getSpanId()).isEqualTo(span.getSpanId());
        assertThat(meters.get("dtk.worker.activity.duration")
                .tags("activity", "SayHello", "queue", "default", "outcome", "completed").timer().count()).isEqualTo(1);
    }

    @Test
    void shouldMarkFailuresAndTimeouts() {
        ActivityTelemetry.Run failed = telemetry.begin(TASK, new RecordHeaders());
        failed.end(ActivityFailed.of(TASK, FailureDetails.of("Boom", "it broke")), false);
        ActivityTelemetry.Run late = telemetry.begin(TASK, null);
        late.end(ActivityFailed.of(TASK, FailureDetails.of(TaskPoller.TIMEOUT, "too slow")), true);

        assertThat(spans.getFinishedSpanItems()).extracting(s -> s.getStatus().getStatusCode())
                .containsOnly(StatusCode.ERROR);
        assertThat(meters.get("dtk.worker.activity.duration").tag("outcome", "failed").timer().count()).isEqualTo(1);
        assertThat(meters.get("dtk.worker.activity.duration").tag("outcome", "timed_out").timer().count())
                .isEqualTo(1);
    }

    @Test
    void shouldTraceNothingWhenTracesAreOff() {
        ActivityTelemetry off = new ActivityTelemetry(Observability.none(), "default");
        ActivityTelemetry.Run run = off.begin(TASK, null);
        run.end(ActivityCompleted.of(TASK, null), false);

        assertThat(run.headers()).isNull();
    }
}
