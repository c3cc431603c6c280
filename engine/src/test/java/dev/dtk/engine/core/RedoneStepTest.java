package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A step redone after an engine crash: its transaction was aborted, so the engine reads the same input
 * again, later, and applies it to the same stored state. The redone step must give the IDs the aborted
 * one gave (a worker may already have run the aborted step's tasks), whatever the time is now.
 */
class RedoneStepTest {

    private static final Instant LATER = Harness.T0.plus(Duration.ofSeconds(42));
    private static final String SOURCE = "dtk.commands-3@17";

    private final InstanceStepper stepper = new InstanceStepper(OrchestratorRegistry.builder()
            .register("Hello", ctx -> {
                String uuid = ctx.newUuid().toString();
                return ctx.callActivity("SayHello", uuid, String.class).await();
            })
            .register("Counter", ctx -> {
                int n = ctx.getInput(Integer.class);
                ctx.callActivity("Tick", n, Integer.class).await();
                if (n < 2) {
                    ctx.continueAsNew(n + 1);
                }
                return n;
            })
            .build(), ActivityRouting.single("default"));

    @Test
    void shouldGiveTheSameExecutionAndTasksWhenAStartIsRedoneLater() {
        Inbound start = new Inbound.CommandReceived(StartOrchestration.of("Hello", null), SOURCE);

        StepResult aborted = stepper.apply("i", null, start, Harness.T0);
        StepResult redone = stepper.apply("i", null, start, LATER);

        assertThat(redone.state().executionId()).isEqualTo(aborted.state().executionId());
        ActivityTask first = onlyTask(aborted);
        ActivityTask again = onlyTask(redone);
        assertThat(again.scheduledAt()).isEqualTo(LATER);
        assertThat(again).as("the same task, new uuid input included, but for its time")
                .isEqualTo(new ActivityTask(first.v(), first.instanceId(), first.executionId(), first.taskId(),
                        first.name(), first.input(), LATER));
    }

    @Test
    void shouldGiveEveryStartRecordItsOwnExecution() {
        StepResult first = stepper.apply("i", null,
                new Inbound.CommandReceived(StartOrchestration.of("Hello", null), SOURCE), Harness.T0);
        StepResult afterPurge = stepper.apply("i", null,
                new Inbound.CommandReceived(StartOrchestration.of("Hello", null), "dtk.commands-3@18"), Harness.T0);

        assertThat(afterPurge.state().generation()).isEqualTo(first.state().generation());
        assertThat(afterPurge.state().executionId()).isNotEqualTo(first.state().executionId());
    }

    @Test
    void shouldContinueAsNewIntoTheSameExecutionWhenTheStepIsRedoneLater() {
        StepResult started = stepper.apply("c", null,
                new Inbound.CommandReceived(StartOrchestration.of("Counter", DtkJson.toTree(0)), SOURCE), Harness.T0);
        Inbound ticked = new Inbound.ResultReceived(ActivityCompleted.of(onlyTask(started), DtkJson.toTree(1)));

        StepResult aborted = stepper.apply("c", started.state(), ticked, Harness.T0.plusSeconds(1));
        StepResult redone = stepper.apply("c", started.state(), ticked, LATER);

        assertThat(aborted.state().generation()).isEqualTo(1);
        assertThat(aborted.state().executionId()).isNotEqualTo(started.state().executionId());
        assertThat(redone.state().executionId()).isEqualTo(aborted.state().executionId());
        assertThat(onlyTask(redone).executionId()).isEqualTo(onlyTask(aborted).executionId());
    }

    private static ActivityTask onlyTask(StepResult result) {
        List<ActivityTask> tasks = result.outbound().stream()
                .filter(Outbound.ScheduleActivity.class::isInstance)
                .map(o -> ((Outbound.ScheduleActivity) o).task()).toList();
        assertThat(tasks).hasSize(1);
        return tasks.getFirst();
    }
}
