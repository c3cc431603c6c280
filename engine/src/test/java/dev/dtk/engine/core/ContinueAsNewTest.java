package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContinueAsNewTest {

    @Test
    void shouldRunHundredGenerationsWithTimers() {
        Harness h = Harness.of("Counter", ctx -> {
            int n = ctx.getInput(Integer.class);
            ctx.createTimer(Duration.ofSeconds(1)).await();
            if (n < 100) {
                ctx.continueAsNew(n + 1);
                return "ignored";
            }
            return "reached " + n;
        });
        h.start("c", "Counter", 1);
        Set<String> executions = new HashSet<>();

        for (int i = 0; i < 100 && h.status("c") == RuntimeStatus.Running; i++) {
            executions.add(h.state("c").executionId());
            assertThat(h.timers("c")).hasSize(1);
            h.advance(Duration.ofSeconds(1));
        }

        assertThat(h.status("c")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("c").asText()).isEqualTo("reached 100");
        assertThat(executions).hasSize(100);
        assertThat(h.state("c").createdTime()).isEqualTo(Harness.T0);
        assertThat(h.state("c").generation()).isEqualTo(99);
        assertThat(h.state("c").history()).first().isInstanceOf(HistoryEvent.OrchestratorStarted.class);
        assertThat(h.state("c").history().get(1)).isInstanceOf(HistoryEvent.ExecutionStarted.class);
        assertThat(h.timers("c")).isEmpty();
    }

    @Test
    void shouldRunManyGenerationsWithinOneStep() {
        Harness h = Harness.of("Count", ctx -> {
            int n = ctx.getInput(Integer.class);
            if (n < 100) {
                ctx.continueAsNew(n + 1);
            }
            return n;
        });

        StepResult result = h.start("c", "Count", 0);

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(result.status().output().asInt()).isEqualTo(100);
        assertThat(result.status().input().asInt()).isEqualTo(100);
    }

    @Test
    void shouldCarryUnconsumedEventsOverInOrder() {
        Harness h = Harness.of("Events", ctx -> {
            String seen = ctx.getInput(String.class);
            if (seen.length() < 3) {
                String next = ctx.waitForExternalEvent("e", String.class).await();
                ctx.callActivity("Pause", null, Void.class).await();
                ctx.continueAsNew(seen + next);
            }
            return seen;
        });
        h.start("e", "Events", "");
        h.raise("e", "e", "a");
        h.raise("e", "e", "b");
        h.raise("e", "e", "c");

        h.complete("Pause", null);
        h.complete("Pause", null);
        h.complete("Pause", null);

        assertThat(h.output("e").asText()).isEqualTo("abc");
    }

    @Test
    void shouldDropUnconsumedEventsWhenNotPreserving() {
        Harness h = Harness.of("Events", ctx -> {
            String seen = ctx.getInput(String.class);
            if (seen.isEmpty()) {
                String next = ctx.waitForExternalEvent("e", String.class).await();
                ctx.callActivity("Pause", null, Void.class).await();
                ctx.continueAsNew(next, false);
                return null;
            }
            return seen + ctx.waitForExternalEvent("e", String.class).await();
        });
        h.start("e", "Events", "");
        h.raise("e", "e", "a");
        h.raise("e", "e", "dropped");
        h.complete("Pause", null);
        assertThat(h.status("e")).isEqualTo(RuntimeStatus.Running);

        h.raise("e", "e", "z");

        assertThat(h.output("e").asText()).isEqualTo("az");
    }

    @Test
    void shouldFailTightContinueAsNewLoop() {
        Harness h = Harness.of("Forever", ctx -> {
            ctx.continueAsNew(ctx.getInput(Integer.class) + 1);
            return null;
        });

        StepResult result = h.start("f", "Forever", 0);

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().failureDetails().errorMessage()).isEqualTo("the orchestrator called continueAsNew"
                + " more than 1000 times in a row without waiting for anything; wait for a timer, an activity or an"
                + " event between generations");
    }

    @Test
    void shouldRemoveTimersOfEndedGeneration() {
        Harness h = Harness.of("Restart", ctx -> {
            int n = ctx.getInput(Integer.class);
            ctx.createTimer(Duration.ofHours(1));
            ctx.waitForExternalEvent("next", Void.class).await();
            if (n == 0) {
                ctx.continueAsNew(1);
            }
            return n;
        });
        h.start("r", "Restart", 0);
        String firstExecution = h.state("r").executionId();

        StepResult next = h.raise("r", "next", null);

        assertThat(next.timerChanges()).containsExactly(
                new TimerChange.Remove(0, Harness.T0.plusSeconds(3600)),
                new TimerChange.Add(0, Harness.T0.plusSeconds(3600), h.state("r").executionId()));
        assertThat(h.state("r").executionId()).isNotEqualTo(firstExecution);
        h.raise("r", "next", null);
        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.timers("r")).isEmpty();
    }
}
