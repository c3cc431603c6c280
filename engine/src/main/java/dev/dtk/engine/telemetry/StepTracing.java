package dev.dtk.engine.telemetry;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.streams.EngineTopology;
import dev.dtk.engine.streams.StepObserver;
import dev.dtk.observability.TraceHeaders;
import dev.dtk.topics.message.StartOrchestration;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One span per step, all in the trace of the orchestration, so that an orchestration is one trace.
 *
 * <p>The trace an instance belongs to is the {@code traceparent} its start came with (an HTTP start
 * through the gateway, or a header on a Kafka command; a sub-orchestration's start carries its
 * parent's step). It is kept in the {@code traces} store, in the step's transaction, so that the
 * steps that follow (activity results, raised events, timers firing days later, after restarts) join
 * the same trace: each step's span is a child of that context. A start without one begins a trace
 * of its own: its step span becomes the instance's context. Every record a step sends carries the
 * step's span, so an activity's span is a child of the step that scheduled it; the step that takes
 * the activity's result links to it.
 */
final class StepTracing implements StepObserver {

    static final AttributeKey<String> INSTANCE_ID = AttributeKey.stringKey("dtk.instance_id");
    static final AttributeKey<String> ORCHESTRATOR = AttributeKey.stringKey("dtk.orchestrator");
    static final AttributeKey<String> INPUT = AttributeKey.stringKey("dtk.input");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("dtk.outcome");
    static final AttributeKey<String> RUNTIME_STATUS = AttributeKey.stringKey("dtk.runtime_status");

    private final Tracer tracer;
    private KeyValueStore<String, String> traces;

    StepTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public void init(ProcessorContext<?, ?> context) {
        this.traces = context.getStateStore(EngineTopology.TRACES_STORE);
    }

    @Override
    public Step begin(String instanceId, Inbound inbound, Headers headers) {
        StartOrchestration start = inbound instanceof Inbound.CommandReceived(StartOrchestration s, String source) ? s : null;
        String stored = start != null ? null : traces.get(instanceId);
        Context parent = stored != null ? TraceHeaders.extract(Map.of(TraceHeaders.TRACEPARENT, stored))
                : start != null ? TraceHeaders.extract(headers) : Context.root();
        SpanBuilder builder = tracer.spanBuilder(start != null ? "step " + start.name() : "step").setParent(parent)
                .setSpanKind(SpanKind.CONSUMER).setAttribute(INSTANCE_ID, instanceId)
                .setAttribute(INPUT, StepLabels.input(inbound));
        if (start != null) {
            builder.setAttribute(ORCHESTRATOR, start.name());
        } else if (headers != null) {
            SpanContext cause = TraceHeaders.spanContext(headers);
            if (cause.isValid()) {
                builder.addLink(cause);
            }
        }
        Span span = builder.startSpan();
        Context instanceContext = stored != null ? null
                : Span.fromContext(parent).getSpanContext().isValid() ? parent : Context.root().with(span);
        return new Watch(instanceId, span, instanceContext);
    }

    private final class Watch implements Step {
        private final String instanceId;
        private final Span span;
        /** The context to keep for the instance after this step; null: it has one already. */
        private final Context instanceContext;
        private StepResult result;

        Watch(String instanceId, Span span, Context instanceContext) {
            this.instanceId = instanceId;
            this.span = span;
            this.instanceContext = instanceContext;
        }

        @Override
        public void loaded(InstanceState before) {
            if (before != null) {
                span.setAttribute(ORCHESTRATOR, before.name());
                span.updateName("step " + before.name());
            }
        }

        @Override
        public void decided(StepResult decided) {
            this.result = decided;
            if (decided.status() != null) {
                span.setAttribute(ORCHESTRATOR, decided.status().name());
                span.setAttribute(RUNTIME_STATUS, decided.status().runtimeStatus().name());
                span.updateName("step " + decided.status().name());
            }
        }

        @Override
        public Headers outgoing() {
            return TraceHeaders.of(Context.root().with(span));
        }

        @Override
        public void end() {
            String outcome = StepLabels.outcome(result);
            span.setAttribute(OUTCOME, outcome);
            if (result == null || result.isRefused()) {
                span.setStatus(StatusCode.ERROR, result == null ? "the step failed" : result.deadLetterReason());
            } else if (result.isPurge()) {
                traces.delete(instanceId);
            } else if (result.changed() && instanceContext != null) {
                traces.put(instanceId, TraceHeaders.asMap(instanceContext).get(TraceHeaders.TRACEPARENT));
            }
            span.end();
        }
    }
}
