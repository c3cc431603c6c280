package dev.dtk.engine.telemetry;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.streams.StepObserver;
import dev.dtk.observability.DeadLetterReasons;
import dev.dtk.topics.message.InstanceStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The engine's metrics, recorded from the shell around each step (one per stream task):
 * <ul>
 *   <li>{@code dtk_engine_step_duration_seconds{input,outcome}}: a whole step, load to writes;
 *   <li>{@code dtk_engine_instances_started_total{orchestrator}} and
 *       {@code dtk_engine_instances_finished_total{orchestrator,status}} (Completed, Failed, Terminated);
 *   <li>{@code dtk_engine_activities_scheduled_total{activity,queue}};
 *   <li>{@code dtk_engine_timer_lateness_seconds}: how long after its due time a timer's step ran;
 *   <li>{@code dtk_dead_letters_total{topic,reason}}.
 * </ul>
 */
final class EngineMetrics implements StepObserver {

    private final MeterRegistry registry;
    private final Timer lateness;
    private ProcessorContext<?, ?> context;

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("dtk.engine.timer.lateness")
                .description("How long after its due time a durable timer fired")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    @Override
    public void init(ProcessorContext<?, ?> processorContext) {
        this.context = processorContext;
    }

    @Override
    public Step begin(String instanceId, Inbound inbound, Headers headers) {
        if (inbound instanceof Inbound.TimerDue due && context != null) {
            long late = context.currentSystemTimeMs() - due.fireAt().toEpochMilli();
            lateness.record(Duration.ofMillis(Math.max(0, late)));
        }
        return new Watch(StepLabels.input(inbound), System.nanoTime());
    }

    @Override
    public void deadLettered(String sourceTopic, String reason) {
        Counter.builder("dtk.dead.letters").description("Records sent to dtk.dead-letters, by source topic and reason")
                .tag("topic", sourceTopic).tag("reason", DeadLetterReasons.label(reason)).register(registry)
                .increment();
    }

    private final class Watch implements Step {
        private final String input;
        private final long started;
        private InstanceState before;
        private StepResult result;

        Watch(String input, long started) {
            this.input = input;
            this.started = started;
        }

        @Override
        public void loaded(InstanceState state) {
            this.before = state;
        }

        @Override
        public void decided(StepResult decided) {
            this.result = decided;
        }

        @Override
        public void end() {
            String outcome = StepLabels.outcome(result);
            Timer.builder("dtk.engine.step.duration").description("One orchestration step: load, decide, write")
                    .tag("input", input).tag("outcome", outcome)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30)).register(registry)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (result != null && result.changed() && !result.isRefused()) {
                transitions();
            }
        }

        private void transitions() {
            InstanceStatus after = result.status();
            if (after != null) {
                boolean newExecution = before == null || !before.executionId().equals(after.executionId());
                if (newExecution && (before == null || before.isTerminal())) {
                    Counter.builder("dtk.engine.instances.started").description("Instances started (or started afresh)")
                            .tag("orchestrator", String.valueOf(after.name())).register(registry).increment();
                }
                if (after.runtimeStatus().isTerminal() && (newExecution || !before.isTerminal())) {
                    Counter.builder("dtk.engine.instances.finished")
                            .description("Instances that finished, by orchestrator and final status")
                            .tag("orchestrator", String.valueOf(after.name())).tag("status", after.runtimeStatus().name())
                            .register(registry).increment();
                }
            }
            for (Outbound outbound : result.outbound()) {
                if (outbound instanceof Outbound.ScheduleActivity schedule) {
                    Counter.builder("dtk.engine.activities.scheduled").description("Activity tasks sent to workers")
                            .tag("activity", schedule.task().name()).tag("queue", schedule.queue())
                            .register(registry).increment();
                }
            }
        }
    }
}
