package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private static Harness waiting() {
        return Harness.of("Wait", ctx -> {
            ctx.createTimer(Duration.ofHours(1));
            String first = ctx.waitForExternalEvent("e", String.class).await();
            String second = ctx.callActivity("Work", first, String.class).await();
            return second + ctx.waitForExternalEvent("e", String.class).await();
        });
    }

    @Test
    void shouldFailAnInstanceStartedWithAnUnknownOrchestratorSayingWhichExist() {
        Harness h = Harness.of(OrchestratorRegistry.builder().register("B", ctx -> null).register("A", ctx -> null)
                .build());

        StepResult result = h.start("x", "Nope", "in");

        assertThat(result.deadLetterReason()).isNull();
        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().name()).isEqualTo("Nope");
        assertThat(result.status().input().asText()).isEqualTo("in");
        assertThat(result.status().failureDetails().errorType()).isEqualTo("OrchestratorNotFoundException");
        assertThat(result.status().output().asText())
                .isEqualTo("no orchestrator named 'Nope' is registered; registered orchestrators: [A, B]");
    }

    @Test
    void shouldRefuseStartOfRunningInstance() {
        Harness h = waiting();
        h.start("w", "Wait", null);

        StepResult again = h.start("w", "Wait", null);

        assertThat(again.deadLetterReason())
                .isEqualTo("instance 'w' is already Running; terminate it first or use another instance ID");
    }

    @Test
    void shouldStartFinishedInstanceAfresh() {
        Harness h = waiting();
        h.start("w", "Wait", "one");
        String firstExecution = h.state("w").executionId();
        h.terminate("w", "enough");
        h.advance(Duration.ofMinutes(1));

        StepResult restarted = h.start("w", "Wait", "two");

        assertThat(restarted.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(restarted.status().executionId()).isNotEqualTo(firstExecution);
        assertThat(restarted.status().input()).isEqualTo(TextNode.valueOf("two"));
        assertThat(restarted.status().createdTime()).isEqualTo(h.now());
        assertThat(restarted.status().output()).isNull();
        assertThat(h.state("w").history()).hasSize(3);
        assertThat(h.timers("w")).hasSize(1);
    }

    @Test
    void shouldTerminateAndRemoveTimers() {
        Harness h = waiting();
        h.start("w", "Wait", null);
        assertThat(h.timers("w")).hasSize(1);

        StepResult terminated = h.terminate("w", "no longer needed");

        assertThat(terminated.status().runtimeStatus()).isEqualTo(RuntimeStatus.Terminated);
        assertThat(terminated.status().output()).isEqualTo(TextNode.valueOf("no longer needed"));
        assertThat(terminated.timerChanges()).containsExactly(new TimerChange.Remove(0, Harness.T0.plusSeconds(3600)));
        assertThat(h.timers("w")).isEmpty();
        assertThat(h.state("w").history()).last().isEqualTo(new HistoryEvent.ExecutionTerminated(h.now(),
                "no longer needed"));
        StepResult again = h.terminate("w", "twice");
        assertThat(again.changed()).isFalse();
        assertThat(again.note()).isEqualTo("instance 'w' is Terminated; terminate ignored");
    }

    @Test
    void shouldRefuseControlCommandsForUnknownInstance() {
        Harness h = waiting();

        assertThat(h.terminate("nobody", "x").deadLetterReason()).isEqualTo("no instance 'nobody' exists; cannot terminate it");
        assertThat(h.suspend("nobody").deadLetterReason()).isEqualTo("no instance 'nobody' exists; cannot suspend it");
        assertThat(h.resume("nobody").deadLetterReason()).isEqualTo("no instance 'nobody' exists; cannot resume it");
    }

    @Test
    void shouldBufferEverythingWhileSuspendedAndApplyInOrderOnResume() {
        Harness h = waiting();
        h.start("w", "Wait", null);
        h.raise("w", "e", "a");

        StepResult suspended = h.suspend("w");
        assertThat(suspended.status().runtimeStatus()).isEqualTo(RuntimeStatus.Suspended);
        StepResult result = h.complete("Work", "b");
        assertThat(result.changed()).isTrue();
        assertThat(result.outbound()).isEmpty();
        h.raise("w", "e", "c");
        assertThat(h.status("w")).isEqualTo(RuntimeStatus.Suspended);
        assertThat(h.state("w").suspendedInbox()).hasSize(2);
        assertThat(h.suspend("w").note()).isEqualTo("instance 'w' is already Suspended; suspend ignored");

        StepResult resumed = h.resume("w");

        assertThat(resumed.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("w").asText()).isEqualTo("bc");
        assertThat(h.state("w").suspendedInbox()).isEmpty();
    }

    @Test
    void shouldBufferTimerFiringWhileSuspended() {
        Harness h = Harness.of("Sleep", ctx -> {
            ctx.createTimer(Duration.ofMinutes(1)).await();
            return "woke";
        });
        h.start("s", "Sleep", null);
        h.suspend("s");

        h.advance(Duration.ofMinutes(1));
        assertThat(h.status("s")).isEqualTo(RuntimeStatus.Suspended);
        h.resume("s");

        assertThat(h.output("s").asText()).isEqualTo("woke");
    }

    @Test
    void shouldIgnoreResumeOfRunningInstance() {
        Harness h = waiting();
        h.start("w", "Wait", null);

        StepResult result = h.resume("w");

        assertThat(result.changed()).isFalse();
        assertThat(result.note()).isEqualTo("instance 'w' is Running, not Suspended; resume ignored");
    }

    @Test
    void shouldTerminateSuspendedInstance() {
        Harness h = waiting();
        h.start("w", "Wait", null);
        h.suspend("w");
        h.raise("w", "e", "a");

        StepResult terminated = h.terminate("w", "stop");

        assertThat(terminated.status().runtimeStatus()).isEqualTo(RuntimeStatus.Terminated);
        assertThat(h.state("w").suspendedInbox()).isEmpty();
        assertThat(h.timers("w")).isEmpty();
        assertThat(h.suspend("w").note()).isEqualTo("instance 'w' is Terminated; suspend ignored");
        assertThat(h.raise("w", "e", "late").note()).isEqualTo("instance 'w' is Terminated; event 'e' ignored");
    }

    @Test
    void shouldPublishStatusOnEveryChangedStep() {
        Harness h = Harness.of("Status", ctx -> {
            ctx.setCustomStatus(java.util.Map.of("stage", "waiting"));
            ctx.waitForExternalEvent("go", Void.class).await();
            ctx.setCustomStatus("done");
            return 1;
        });

        StepResult started = h.command("s", new StartOrchestration(1, "Status", TextNode.valueOf("in"), null, null));
        assertThat(started.status().customStatus().toString()).isEqualTo("{\"stage\":\"waiting\"}");
        assertThat(started.status().name()).isEqualTo("Status");
        assertThat(started.status().instanceId()).isEqualTo("s");
        assertThat(started.status().input()).isEqualTo(TextNode.valueOf("in"));
        assertThat(started.status().lastUpdatedTime()).isEqualTo(Harness.T0);
        h.advance(Duration.ofSeconds(5));

        StepResult done = h.raise("s", "go", null);

        assertThat(done.status().customStatus()).isEqualTo(TextNode.valueOf("done"));
        assertThat(done.status().lastUpdatedTime()).isEqualTo(Harness.T0.plusSeconds(5));
        assertThat(done.status().createdTime()).isEqualTo(Harness.T0);
    }
}
