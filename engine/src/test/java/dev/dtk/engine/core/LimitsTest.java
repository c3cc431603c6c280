package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every payload and history is held to the limits before anything is written. */
class LimitsTest {

    /** Small limits: 64 KiB records, 8 KiB payloads, 120 events. */
    private static final Limits SMALL = new Limits(64 * 1024 + 24 * 1024 + 1024, 8 * 1024, 120, 512 * 1024);
    private static final String BIG = "x".repeat(9 * 1024);

    private static Harness harness(OrchestratorRegistry.Builder registry) {
        return new Harness(registry.build(), new StepRules(ActivityRouting.single("default"), SMALL), CodeGuard.DIRECT);
    }

    @Test
    void shouldFailTheTaskWhenAnActivityResultIsOverTheLimit() {
        Harness h = harness(OrchestratorRegistry.builder().register("Flow", ctx -> {
            try {
                return ctx.callActivity("Work", null, String.class).await();
            } catch (dev.dtk.orchestration.TaskFailedException e) {
                return e.getFailureDetails().errorType() + ": " + e.getFailureDetails().errorMessage();
            }
        }));
        h.start("i", "Flow", null);

        h.complete("Work", BIG);

        assertThat(h.status("i")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("i").asText()).isEqualTo("ActivityOutputTooLargeException: the output of activity 'Work'"
                + " is 9218 bytes, over the limit of 8192 bytes for one payload (DTK_MAX_PAYLOAD_BYTES); pass a"
                + " reference to where the data is stored instead");
    }

    @Test
    void shouldRefuseAnEventAndAStartOverTheLimit() {
        Harness h = harness(OrchestratorRegistry.builder()
                .register("Wait", ctx -> ctx.waitForExternalEvent("go", String.class).await()));
        h.start("i", "Wait", null);

        StepResult event = h.raise("i", "go", BIG);
        StepResult start = h.start("j", "Wait", BIG);

        assertThat(event.deadLetterReason()).isEqualTo("the data of event 'go' is 9218 bytes, over the limit of 8192"
                + " bytes for one payload (DTK_MAX_PAYLOAD_BYTES); pass a reference to where the data is stored instead");
        assertThat(start.deadLetterReason()).startsWith("the input of orchestration 'Wait' is 9218 bytes");
        assertThat(h.status("i")).isEqualTo(RuntimeStatus.Running);
    }

    @Test
    void shouldFailAnOrchestrationWhoseCodeSendsOutTooMuch() {
        Harness h = harness(OrchestratorRegistry.builder()
                .register("BigInput", ctx -> ctx.callActivity("Work", BIG, String.class).await())
                .register("BigOutput", ctx -> BIG)
                .register("BigStatus", ctx -> {
                    ctx.setCustomStatus(BIG);
                    return "done";
                }));

        h.start("input", "BigInput", null);
        h.start("output", "BigOutput", null);
        h.start("status", "BigStatus", null);

        assertThat(h.status("input")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.output("input").asText()).startsWith("the input of callActivity('Work') is 9218 bytes");
        assertThat(h.openActivities()).isEmpty();
        assertThat(h.output("output").asText()).startsWith("the output of the orchestration is 9218 bytes");
        assertThat(h.state("status").failureDetails().errorType()).isEqualTo("PayloadTooLargeException");
        assertThat(h.output("status").asText()).startsWith("the custom status is 9218 bytes");
    }

    @Test
    void shouldFailAnExecutionWhoseHistoryPassesTheLimitAndSendNothingMore() {
        Harness h = harness(OrchestratorRegistry.builder().register("Loop", ctx -> {
            int n = 0;
            while (true) {
                ctx.callActivity("Step", n++, Integer.class).await();
            }
        }));
        h.start("loop", "Loop", null);

        while (h.status("loop") == RuntimeStatus.Running) {
            h.complete("Step", 1);
        }

        InstanceState failed = h.state("loop");
        assertThat(failed.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(failed.failureDetails().errorType()).isEqualTo("HistoryLimitExceededException");
        assertThat(failed.failureDetails().errorMessage()).matches("the history of this execution has 12[1-3] events,"
                + " over the limit of 120 \\(DTK_MAX_HISTORY_EVENTS\\); call continueAsNew .*");
        assertThat(h.last().outbound()).as("the step that passed the limit schedules nothing").isEmpty();
        assertThat(failed.historyBytes()).isPositive();
    }

    @Test
    void shouldKeepTheHistoryOfAStepAndCountItsBytes() {
        Harness h = harness(OrchestratorRegistry.builder().register("Two", ctx -> List.of(
                ctx.callActivity("A", null, String.class).await(), ctx.callActivity("B", null, String.class).await())));
        h.start("i", "Two", null);
        long afterStart = h.state("i").historyBytes();

        StepResult step = h.complete("A", "a");

        assertThat(step.historyKept()).as("the stored history stays as it is").isEqualTo(3);
        assertThat(h.state("i").historyBytes()).isGreaterThan(afterStart);
    }

    @Test
    void shouldFailATimerOutOfRangeInsteadOfStoringIt() {
        Harness h = harness(OrchestratorRegistry.builder()
                .register("Forever", ctx -> ctx.createTimer(Instant.MAX).await()));

        h.start("i", "Forever", null);

        assertThat(h.status("i")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.output("i").asText()).startsWith("createTimer: the fire time " + Instant.MAX + " is out of range");
        assertThat(h.timers("i")).isEmpty();
    }

    @Test
    void shouldCutLongFailureTextsSoFailuresStaySmall() {
        Harness h = harness(OrchestratorRegistry.builder().register("Flow", ctx -> {
            throw new IllegalStateException("m".repeat(50_000));
        }));

        h.start("i", "Flow", null);

        assertThat(h.state("i").failureDetails().errorMessage()).hasSizeLessThan(Limits.FAILURE_TEXT_CHARS + 100)
                .endsWith("more characters cut]");
    }

    @Test
    void shouldFailAnInstanceWhoseCodeRanTooLongWithWhatItReceived() {
        CodeGuard timesOut = new CodeGuard() {
            @Override
            public <T> T run(Supplier<T> step) {
                throw new StepTimedOutException("the orchestrator code ran longer than PT0.1S in one step");
            }
        };
        Harness h = new Harness(OrchestratorRegistry.builder().register("Spin", ctx -> null).build(),
                new StepRules(ActivityRouting.single("default"), SMALL), timesOut);

        h.start("i", "Spin", "in");

        InstanceState failed = h.state("i");
        assertThat(failed.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(failed.failureDetails().errorType()).isEqualTo("OrchestratorStepTimeout");
        List<String> events = new ArrayList<>();
        failed.history().forEach(e -> events.add(e.getClass().getSimpleName()));
        assertThat(events).containsExactly("OrchestratorStarted", "ExecutionStarted", "ExecutionCompleted");
    }

}
