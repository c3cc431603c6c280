package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.RetryPolicy;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RewindTest {

    private static Harness sequence() {
        return Harness.of("Seq", ctx -> {
            String a = ctx.callActivity("A", "x", String.class).await();
            String b = ctx.callActivity("B", a, String.class).await();
            return a + b + ctx.callActivity("C", b, String.class).await();
        });
    }

    @Test
    void shouldRunFailedActivityAgainAndContinueFromWhereItFailed() {
        Harness h = sequence();
        h.start("r", "Seq", null);
        h.complete("A", "a");
        ActivityTask failedB = h.activity("B");
        h.fail(failedB, "Boom", "b broke");
        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Failed);

        StepResult rewound = h.rewind("r");

        assertThat(rewound.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(rewound.status().output()).isNull();
        assertThat(rewound.status().failureDetails()).isNull();
        assertThat(rewound.outbound()).singleElement().satisfies(out -> {
            ActivityTask again = ((Outbound.ScheduleActivity) out).task();
            assertThat(again.name()).isEqualTo("B");
            assertThat(again.taskId()).isEqualTo(failedB.taskId());
            assertThat(again.executionId()).isEqualTo(failedB.executionId());
            assertThat(again.input()).isEqualTo(failedB.input());
            assertThat(again.rewinds()).as("its run after the rewind, told apart for workers").isEqualTo(1);
        });
        h.complete("B", "b");
        h.complete("C", "c");
        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("r").asText()).isEqualTo("abc");
    }

    @Test
    void shouldKeepTheFailureInHistoryMarkedAsRewound() {
        Harness h = sequence();
        h.start("r", "Seq", null);
        h.complete("A", "a");
        h.fail(h.activity("B"), "Boom", "b broke");

        h.rewind("r");

        assertThat(h.state("r").history())
                .noneMatch(e -> e instanceof HistoryEvent.TaskFailed)
                .noneMatch(e -> e instanceof HistoryEvent.ExecutionCompleted)
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(HistoryEvent.TaskRewound.class,
                        r -> assertThat(r.failure().errorMessage()).isEqualTo("b broke")))
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(HistoryEvent.ExecutionRewound.class,
                        r -> assertThat(r.failure().errorMessage()).contains("b broke")));
    }

    @Test
    void shouldNotRewindFailureTheCodeHandled() {
        Harness h = Harness.of("Handled", ctx -> {
            String first;
            try {
                first = ctx.callActivity("A", null, String.class).await();
            } catch (TaskFailedException e) {
                first = "fallback";
            }
            return first + ctx.callActivity("B", first, String.class).await();
        });
        h.start("h", "Handled", null);
        h.fail(h.activity("A"), "Boom", "a broke");
        h.fail(h.activity("B"), "Boom", "b broke");

        StepResult rewound = h.rewind("h");

        assertThat(rewound.outbound()).singleElement()
                .satisfies(out -> assertThat(((Outbound.ScheduleActivity) out).task().name()).isEqualTo("B"));
        h.complete("B", "!");
        assertThat(h.output("h").asText()).isEqualTo("fallback!");
    }

    @Test
    void shouldRewindLastAttemptOfExhaustedRetries() {
        RetryPolicy twice = RetryPolicy.builder(2, Duration.ofSeconds(5)).build();
        Harness h = Harness.of("Retry", ctx ->
                ctx.callActivity("Flaky", null, TaskOptions.withRetryPolicy(twice), String.class).await());
        h.start("f", "Retry", null);
        h.fail(h.activity("Flaky"), "Boom", "first");
        h.advance(Duration.ofSeconds(5));
        h.fail(h.activity("Flaky"), "Boom", "second");
        assertThat(h.status("f")).isEqualTo(RuntimeStatus.Failed);

        h.rewind("f");
        h.complete("Flaky", "third time lucky");

        assertThat(h.status("f")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("f").asText()).isEqualTo("third time lucky");
    }

    @Test
    void shouldIgnoreRewindOfInstanceThatIsNotFailed() {
        Harness h = sequence();
        h.start("r", "Seq", null);

        StepResult result = h.rewind("r");

        assertThat(result.changed()).isFalse();
        assertThat(result.note()).isEqualTo("instance 'r' is Running, not Failed; rewind ignored");
    }

    @Test
    void shouldRefuseRewindOfUnknownInstance() {
        Harness h = sequence();

        assertThat(h.rewind("nope").deadLetterReason()).isEqualTo("no instance 'nope' exists; cannot rewind it");
    }

    @Test
    void shouldFailAgainWhenRewoundActivityFailsAgain() {
        Harness h = sequence();
        h.start("r", "Seq", null);
        h.fail(h.activity("A"), "Boom", "a broke");
        h.rewind("r");

        h.fail(h.activity("A"), "Boom", "a broke again");

        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.output("r").asText()).contains("a broke again");
    }

    @Test
    void shouldCountEveryRewindOfATaskSoWorkersRunItAgain() {
        Harness h = sequence();
        h.start("r", "Seq", null);
        ActivityTask first = h.activity("A");
        h.fail(first, "Boom", "a broke");
        h.rewind("r");
        ActivityTask second = h.activity("A");
        h.fail(second, "Boom", "a broke again");
        h.rewind("r");

        ActivityTask third = h.activity("A");

        assertThat(first.rewinds()).isZero();
        assertThat(second.rewinds()).isEqualTo(1);
        assertThat(third.rewinds()).isEqualTo(2);
        assertThat(third.taskId()).isEqualTo(first.taskId());
    }
}
