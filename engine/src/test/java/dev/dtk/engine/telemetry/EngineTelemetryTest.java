package dev.dtk.engine.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.engine.streams.EngineTopology;
import dev.dtk.engine.streams.ShellSettings;
import dev.dtk.observability.Observability;
import dev.dtk.observability.TraceHeaders;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.StartOrchestration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's metrics and traces around real steps, with {@link TopologyTestDriver} and a hand-moved clock. */
class EngineTelemetryTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    private static final OrchestratorRegistry REGISTRY = OrchestratorRegistry.builder()
            .register("Chain", ctx -> {
                String first = ctx.callActivity("First", null, String.class).await();
                return ctx.callActivity("Second", first, String.class).await();
            })
            .register("Sleep", ctx -> {
                ctx.createTimer(Duration.ofSeconds(30)).await();
                return "awake";
            })
            .build();

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> tasks;

    @BeforeEach
    void startDriver() {
        OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-telemetry-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        InstanceStepper stepper = new InstanceStepper(REGISTRY, ActivityRouting.single(Topics.DEFAULT_QUEUE));
        driver = new TopologyTestDriver(EngineTopology.build(stepper,
                new dev.dtk.engine.core.EntityStepper(dev.dtk.entity.EntityRegistry.empty()),
                ShellSettings.defaults(Duration.ofMillis(10), 1),
                EngineTelemetry.observers(Observability.of(meters, otel))), props, T0);
        commands = driver.createInputTopic(Topics.COMMANDS, new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(Topics.ACTIVITY_RESULTS, new StringSerializer(), new ByteArraySerializer());
        tasks = driver.createOutputTopic(Topics.tasks(Topics.DEFAULT_QUEUE), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldCountStartsFinishesStepsActivitiesAndDeadLetters() {
        start("c1", "Chain", null);
        complete(tasks.readValue(), "one", null);
        complete(tasks.readValue(), "two", null);
        commands.pipeInput("c2", "{not json".getBytes(StandardCharsets.UTF_8));

        assertThat(meters.get("dtk.engine.instances.started").tag("orchestrator", "Chain").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("dtk.engine.instances.finished").tags("orchestrator", "Chain", "status", "Completed")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("dtk.engine.step.duration").tags("input", "start_orchestration", "outcome", "applied")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("dtk.engine.step.duration").tags("input", "activity_result", "outcome", "applied")
                .timer().count()).isEqualTo(2);
        assertThat(meters.get("dtk.engine.activities.scheduled").tags("activity", "First", "queue", "default")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("dtk.dead.letters").tags("topic", Topics.COMMANDS, "reason", "unreadable")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void shouldMeasureHowLateATimerFired() {
        start("s1", "Sleep", null);
        driver.advanceWallClockTime(Duration.ofSeconds(31));

        assertThat(meters.get("dtk.engine.instances.finished").tags("orchestrator", "Sleep", "status", "Completed")
                .counter().count()).isEqualTo(1);
        assertThat(meters.get("dtk.engine.timer.lateness").timer().count()).isEqualTo(1);
        assertThat(meters.get("dtk.engine.timer.lateness").timer().max(java.util.concurrent.TimeUnit.SECONDS))
                .isBetween(0.9, 1.1);
    }

    @Test
    void shouldPutEveryStepOfAnOrchestrationInTheTraceItsStartCameWith() {
        start("c1", "Chain", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01");
        TestRecord<String, byte[]> first = tasks.readRecord();
        SpanContext firstTask = TraceHeaders.spanContext(first.headers());
        String workerSpan = "00-" + TRACE_ID + "-1111111111111111-01";
        complete(first.value(), "one", workerSpan);
        TestRecord<String, byte[]> second = tasks.readRecord();
        complete(second.value(), "two", null);

        List<SpanData> steps = spans.getFinishedSpanItems();
        assertThat(steps).hasSize(3).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).as("every step is a child of the start's caller").isEqualTo(CALLER_SPAN);
            assertThat(span.getName()).isEqualTo("step Chain");
        });
        assertThat(firstTask.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(firstTask.getSpanId()).as("a task carries the step that scheduled it")
                .isEqualTo(steps.get(0).getSpanId());
        assertThat(TraceHeaders.spanContext(second.headers()).getSpanId()).isEqualTo(steps.get(1).getSpanId());
        assertThat(steps.get(1).getLinks()).singleElement()
                .satisfies(link -> assertThat(link.getSpanContext().getSpanId()).isEqualTo("1111111111111111"));
        assertThat(steps.get(2).getAttributes().asMap().values()).contains("Completed");
    }

    @Test
    void shouldBeginATraceOfItsOwnForAStartWithoutOne() {
        start("c1", "Chain", null);
        complete(tasks.readValue(), "one", null);

        List<SpanData> steps = spans.getFinishedSpanItems();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).getParentSpanContext().isValid()).isFalse();
        assertThat(steps.get(1).getTraceId()).isEqualTo(steps.get(0).getTraceId());
        assertThat(steps.get(1).getParentSpanId()).isEqualTo(steps.get(0).getSpanId());
    }

    private void start(String id, String name, String traceparent) {
        Headers headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        commands.pipeInput(new TestRecord<>(id, DtkJson.write(StartOrchestration.of(name, null)), headers, T0));
    }

    private void complete(byte[] taskValue, String output, String traceparent) {
        ActivityTask task = DtkJson.read(taskValue, ActivityTask.class);
        Headers headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add("traceparent", traceparent.getBytes(StandardCharsets.UTF_8));
        }
        results.pipeInput(new TestRecord<>(task.instanceId(),
                DtkJson.write(ActivityCompleted.of(task, DtkJson.toTree(output))), headers, T0));
    }
}
