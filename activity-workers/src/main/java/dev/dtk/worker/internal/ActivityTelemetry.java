package dev.dtk.worker.internal;

import dev.dtk.observability.DeadLetterReasons;
import dev.dtk.observability.Observability;
import dev.dtk.observability.TraceHeaders;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;

/**
 * A worker's metrics and traces:
 * <ul>
 *   <li>{@code dtk_worker_activity_duration_seconds{activity,queue,outcome}}: from the start of the
 *       activity to its result (outcome {@code completed}, {@code failed} or {@code timed_out});
 *   <li>{@code dtk_dead_letters_total{topic,reason}} for task records that cannot be read;
 *   <li>with traces on, a span {@code activity <name>} per task, a child of the engine's step that
 *       scheduled it (the task record's {@code traceparent}); the result record carries the span, and
 *       the activity's own code runs inside it (its instrumented calls become children).
 * </ul>
 */
public final class ActivityTelemetry {

    static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("dtk.instance_id");
    static final AttributeKey<String> ACTIVITY = AttributeKey.stringKey("dtk.activity");
    static final AttributeKey<String> QUEUE = AttributeKey.stringKey("dtk.queue");
    static final AttributeKey<Long> TASK_ID = AttributeKey.longKey("dtk.task_id");

    private final MeterRegistry meters;
    private final Tracer tracer;
    private final String queue;

    public ActivityTelemetry(Observability observability, String queue) {
        this.meters = observability.meters();
        this.tracer = observability.tracing() ? observability.tracer("dev.dtk.worker") : null;
        this.queue = queue;
    }

    /** A task begins; {@code headers} are its record's. */
    Run begin(ActivityTask task, Headers headers) {
        Span span = tracer == null ? Span.getInvalid() : tracer.spanBuilder("activity " + task.name())
                .setParent(TraceHeaders.extract(headers)).setSpanKind(SpanKind.CONSUMER)
                .setAttribute(INSTANCE_ID, task.instanceId()).setAttribute(ACTIVITY, task.name())
                .setAttribute(QUEUE, queue).setAttribute(TASK_ID, (long) task.taskId()).startSpan();
        return new Run(task.name(), span, System.nanoTime());
    }

    void deadLettered(String topic, String reason) {
        Counter.builder("dtk.dead.letters").description("Records sent to dtk.dead-letters, by source topic and reason")
                .tag("topic", topic).tag("reason", DeadLetterReasons.label(reason)).register(meters).increment();
    }

    /** One task's run. */
    final class Run {
        private final String activity;
        private final Span span;
        private final long started;

        private Run(String activity, Span span, long started) {
            this.activity = activity;
            this.span = span;
            this.started = started;
        }

        /** Runs the activity's code with the span as the current context. */
        <T> T within(Supplier<T> code) {
            try (Scope scope = Context.root().with(span).makeCurrent()) {
                return code.get();
            }
        }

        /** Headers for the result record: the activity's span; null when there is no trace. */
        Headers headers() {
            return TraceHeaders.of(Context.root().with(span));
        }

        void end(ActivityResult result, boolean timedOut) {
            String outcome = timedOut ? "timed_out" : result instanceof ActivityFailed ? "failed" : "completed";
            Timer.builder("dtk.worker.activity.duration").description("Activities run, from start to result")
                    .tag("activity", activity).tag("queue", queue).tag("outcome", outcome)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5)).register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (result instanceof ActivityFailed failed) {
                span.setStatus(StatusCode.ERROR, failed.failure().errorType() + ": " + failed.failure().errorMessage());
            }
            span.end();
        }
    }
}
