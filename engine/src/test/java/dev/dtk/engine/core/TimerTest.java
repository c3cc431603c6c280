package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskCanceledException;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerTest {

    @Test
    void shouldFireTimerWhenDue() {
        Harness h = Harness.of("Sleep", ctx -> {
            ctx.createTimer(Duration.ofHours(1)).await();
            return ctx.currentUtcDateTime().toString();
        });

        StepResult started = h.start("t", "Sleep", null);

        Instant due = Harness.T0.plus(Duration.ofHours(1));
        assertThat(started.timerChanges())
                .containsExactly(new TimerChange.Add(0, due, h.state("t").executionId()));
        assertThat(h.advance(Duration.ofMinutes(59))).isEmpty();
        StepResult fired = h.advance(Duration.ofMinutes(1)).get(0);
        assertThat(fired.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("t").asText()).isEqualTo(due.toString());
        assertThat(fired.timerChanges()).containsExactly(new TimerChange.Remove(0, due));
        assertThat(h.timers("t")).isEmpty();
    }

    @Test
    void shouldFireAlreadyDueTimerWithinSameStep() {
        Harness h = Harness.of("Past", ctx -> {
            ctx.createTimer(Instant.parse("2020-01-01T00:00:00Z")).await();
            ctx.createTimer(Duration.ZERO).await();
            return "done";
        });

        StepResult started = h.start("p", "Past", null);

        assertThat(started.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(started.timerChanges()).isEmpty();
        assertThat(h.state("p").history()).filteredOn(HistoryEvent.TimerFired.class::isInstance).hasSize(2);
    }

    @Test
    void shouldRemoveCancelledTimer() {
        Harness h = Harness.of("Cancel", ctx -> {
            Task<Void> timer = ctx.createTimer(Duration.ofHours(1));
            ctx.callActivity("Work", null, Void.class).await();
            boolean cancelled = timer.cancel();
            boolean again = timer.cancel();
            try {
                timer.await();
                return "awaited";
            } catch (TaskCanceledException e) {
                return cancelled + " " + again + " " + timer.isCancelled() + " " + timer.isDone() + " " + e.getMessage();
            }
        });
        h.start("c", "Cancel", null);
        assertThat(h.timers("c")).hasSize(1);

        StepResult done = h.complete("Work", null);

        assertThat(done.timerChanges()).containsExactly(new TimerChange.Remove(0, Harness.T0.plusSeconds(3600)));
        assertThat(h.output("c").asText())
                .isEqualTo("true false true true timer #0 (due 2025-03-01T11:00:00Z) was cancelled");
        assertThat(h.state("c").history()).anySatisfy(e -> assertThat(e).isInstanceOf(HistoryEvent.TimerCancelled.class));
    }

    @Test
    void shouldNotCancelFinishedTaskOrActivity() {
        Harness h = Harness.of("NoCancel", ctx -> {
            Task<Void> timer = ctx.createTimer(Duration.ZERO);
            timer.await();
            Task<String> activity = ctx.callActivity("Work", null, String.class);
            return timer.cancel() + " " + activity.cancel() + " " + activity.isCancelled();
        });

        h.start("n", "NoCancel", null);

        assertThat(h.output("n").asText()).isEqualTo("false false false");
    }

    @Test
    void shouldIgnoreDueTimerThatIsCancelledFiredOrUnknown() {
        Harness h = Harness.of("Timers", ctx -> {
            Task<Void> timer = ctx.createTimer(Duration.ofMinutes(5));
            ctx.waitForExternalEvent("go", Void.class).await();
            timer.cancel();
            ctx.createTimer(Duration.ofMinutes(10)).await();
            return "done";
        });
        h.start("t", "Timers", null);
        String executionId = h.state("t").executionId();
        h.raise("t", "go", null);

        StepResult cancelled = h.apply("t", new Inbound.TimerDue(executionId, 0, Harness.T0.plusSeconds(300)));
        StepResult unknown = h.apply("t", new Inbound.TimerDue(executionId, 9, Harness.T0));
        StepResult stale = h.apply("t", new Inbound.TimerDue("other", 1, Harness.T0.plusSeconds(600)));
        h.advance(Duration.ofMinutes(10));
        StepResult fired = h.apply("t", new Inbound.TimerDue(executionId, 1, Harness.T0.plusSeconds(600)));

        assertThat(h.status("t")).isEqualTo(RuntimeStatus.Completed);
        assertThat(cancelled.changed()).isFalse();
        assertThat(cancelled.note()).contains("the timer is not pending");
        assertThat(unknown.changed()).isFalse();
        assertThat(stale.changed()).isFalse();
        assertThat(stale.note()).contains("belongs to execution other");
        assertThat(fired.changed()).isFalse();
        assertThat(fired.note()).contains("is Completed");
    }

    @Test
    void shouldLeaveAlreadyDueTimersToSweepAfterManyRoundsInOneStep() {
        Harness h = Harness.of("Spin", ctx -> {
            for (int i = 0; i < 150; i++) {
                ctx.createTimer(Duration.ZERO).await();
            }
            return "spun";
        });

        StepResult started = h.start("s", "Spin", null);

        assertThat(started.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(started.timerChanges()).hasSize(1);
        for (int i = 0; i < 60 && h.status("s") == RuntimeStatus.Running; i++) {
            h.advance(Duration.ofMillis(1));
        }
        assertThat(h.status("s")).isEqualTo(RuntimeStatus.Completed);
    }
}
