package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskCanceledException;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalEventTest {

    private static Harness approval() {
        return Harness.of("Approval", ctx -> "approved by " + ctx.waitForExternalEvent("Approval", String.class).await());
    }

    @Test
    void shouldResumeWhenEventArrivesAfterWait() {
        Harness h = approval();
        h.start("a", "Approval", null);
        assertThat(h.status("a")).isEqualTo(RuntimeStatus.Running);

        StepResult raised = h.raise("a", "Approval", "alice");

        assertThat(raised.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("a").asText()).isEqualTo("approved by alice");
    }

    @Test
    void shouldResumeWhenEventArrivesBeforeWait() {
        Harness h = Harness.of("Later", ctx -> {
            ctx.callActivity("Prepare", null, Void.class).await();
            return "approved by " + ctx.waitForExternalEvent("approval", String.class).await();
        });
        h.start("a", "Later", null);

        h.raise("a", "APPROVAL", "bob");
        assertThat(h.status("a")).isEqualTo(RuntimeStatus.Running);
        h.complete("Prepare", null);

        assertThat(h.status("a")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("a").asText()).isEqualTo("approved by bob");
    }

    @Test
    void shouldHandOutBufferedEventsInArrivalOrder() {
        Harness h = Harness.of("Collect", ctx -> {
            ctx.callActivity("Prepare", null, Void.class).await();
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                got.add(ctx.waitForExternalEvent("n", Integer.class).await());
            }
            return got;
        });
        h.start("c", "Collect", null);
        h.raise("c", "n", 1);
        h.raise("c", "other", 99);
        h.raise("c", "n", 2);
        h.raise("c", "n", 3);

        h.complete("Prepare", null);

        assertThat(h.output("c").toString()).isEqualTo("[1,2,3]");
    }

    @Test
    void shouldDeliverEventToOldestWaiter() {
        Harness h = Harness.of("Two", ctx -> {
            Task<String> first = ctx.waitForExternalEvent("e", String.class);
            Task<String> second = ctx.waitForExternalEvent("e", String.class);
            return first.await() + second.await();
        });
        h.start("t", "Two", null);
        h.raise("t", "e", "a");
        h.raise("t", "e", "b");

        assertThat(h.output("t").asText()).isEqualTo("ab");
    }

    @Test
    void shouldPickEventInAnyOfAndRemoveTimer() {
        Harness h = Harness.of("Race", ctx -> {
            Task<Void> timeout = ctx.createTimer(Duration.ofMinutes(5));
            Task<String> answer = ctx.waitForExternalEvent("answer", String.class);
            Task<?> winner = ctx.anyOf(timeout, answer).await();
            if (winner == answer) {
                timeout.cancel();
                return "answer " + answer.await();
            }
            return "timed out";
        });
        h.start("r", "Race", null);
        assertThat(h.timers("r")).hasSize(1);

        StepResult answered = h.raise("r", "answer", "42");

        assertThat(h.output("r").asText()).isEqualTo("answer 42");
        assertThat(answered.timerChanges()).containsExactly(new TimerChange.Remove(0, Harness.T0.plusSeconds(300)));
        assertThat(h.timers("r")).isEmpty();
    }

    @Test
    void shouldPickTimerInAnyOfWhenItFiresFirst() {
        Harness h = Harness.of("Race", ctx -> {
            Task<Void> timeout = ctx.createTimer(Duration.ofMinutes(5));
            Task<String> answer = ctx.waitForExternalEvent("answer", String.class);
            return ctx.anyOf(List.of(answer, timeout)).await() == timeout ? "timed out" : "answered";
        });
        h.start("r", "Race", null);

        h.advance(Duration.ofMinutes(5));
        StepResult late = h.raise("r", "answer", "too late");

        assertThat(h.output("r").asText()).isEqualTo("timed out");
        assertThat(late.changed()).isFalse();
        assertThat(late.note()).isEqualTo("instance 'r' is Completed; event 'answer' ignored");
    }

    @Test
    void shouldCompleteWaitWithTimeoutWhenEventArrivesInTime() {
        Harness h = Harness.of("Wait", ctx -> ctx.waitForExternalEvent("code", Duration.ofMinutes(2), Integer.class)
                .await());
        StepResult started = h.start("w", "Wait", null);
        assertThat(started.timerChanges()).hasSize(1);

        StepResult answered = h.raise("w", "code", 1234);

        assertThat(h.output("w").asInt()).isEqualTo(1234);
        assertThat(answered.timerChanges()).containsExactly(new TimerChange.Remove(0, Harness.T0.plusSeconds(120)));
    }

    @Test
    void shouldThrowTaskCanceledWhenWaitTimesOut() {
        Harness h = Harness.of("Wait", ctx -> {
            try {
                return ctx.waitForExternalEvent("code", Duration.ofMinutes(2), Integer.class).await();
            } catch (TaskCanceledException e) {
                return e.getMessage();
            }
        });
        h.start("w", "Wait", null);

        h.advance(Duration.ofMinutes(2));

        assertThat(h.output("w").asText()).isEqualTo("timed out after PT2M waiting for external event 'code'");
    }

    @Test
    void shouldTakeBufferedEventWithoutTimerWhenWaitingWithTimeout() {
        Harness h = Harness.of("Wait", ctx -> {
            ctx.callActivity("Prepare", null, Void.class).await();
            return ctx.waitForExternalEvent("code", Duration.ofMinutes(2), Integer.class).await();
        });
        h.start("w", "Wait", null);
        h.raise("w", "code", 7);

        StepResult done = h.complete("Prepare", null);

        assertThat(h.output("w").asInt()).isEqualTo(7);
        assertThat(done.timerChanges()).isEmpty();
    }

    @Test
    void shouldFailWaitWhenEventDataHasWrongType() {
        Harness h = Harness.of("Typed", ctx -> ctx.waitForExternalEvent("n", Integer.class).await());
        h.start("t", "Typed", null);

        h.raise("t", "n", "not a number");

        assertThat(h.status("t")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.state("t").failureDetails().errorMessage())
                .startsWith("cannot use the data of external event 'n': cannot read \"not a number\" as Integer");
    }

    @Test
    void shouldRefuseEventForUnknownInstance() {
        Harness h = approval();

        StepResult result = h.raise("nobody", "Approval", "x");

        assertThat(result.changed()).isFalse();
        assertThat(result.deadLetterReason())
                .isEqualTo("no instance 'nobody' exists; cannot raise event 'Approval' (start the instance first)");
    }
}
