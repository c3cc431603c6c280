package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.RetryPolicy;
import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTest {

    private static final RetryPolicy THREE_TRIES = RetryPolicy.builder(3, Duration.ofSeconds(10))
            .backoffCoefficient(2.0)
            .build();

    private static Harness flaky(RetryPolicy policy) {
        return Harness.of("Flaky", ctx -> {
            try {
                return ctx.callActivity("Flaky", "x", TaskOptions.withRetryPolicy(policy), String.class).await();
            } catch (TaskFailedException e) {
                return "gave up: " + e.getMessage();
            }
        });
    }

    @Test
    void shouldRetryFailedActivityAfterBackoffAndSucceed() {
        Harness h = flaky(THREE_TRIES);
        h.start("f", "Flaky", null);

        StepResult firstFailure = h.fail(h.activity("Flaky"), "Boom", "first");
        assertThat(firstFailure.outbound()).isEmpty();
        assertThat(firstFailure.timerChanges()).containsExactly(
                new TimerChange.Add(1, Harness.T0.plusSeconds(10), h.state("f").executionId()));
        List<StepResult> retried = h.advance(Duration.ofSeconds(10));
        ActivityTask second = h.activity("Flaky");
        assertThat(second.taskId()).isEqualTo(2);
        assertThat(retried).singleElement().satisfies(r -> assertThat(r.outbound()).hasSize(1));

        h.fail(second, "Boom", "second");
        assertThat(h.timers("f").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(h.now().plusSeconds(20)));
        h.advance(Duration.ofSeconds(20));
        h.complete("Flaky", "finally");

        assertThat(h.status("f")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("f").asText()).isEqualTo("finally");
    }

    @Test
    void shouldFailWithLastFailureWhenAttemptsAreExhausted() {
        Harness h = flaky(THREE_TRIES);
        h.start("f", "Flaky", null);

        h.fail(h.activity("Flaky"), "Boom", "first");
        h.advance(Duration.ofSeconds(10));
        h.fail(h.activity("Flaky"), "Boom", "second");
        h.advance(Duration.ofSeconds(20));
        StepResult last = h.fail(h.activity("Flaky"), "Boom", "third");

        assertThat(last.timerChanges()).isEmpty();
        assertThat(h.output("f").asText()).isEqualTo("gave up: Task 'Flaky' (#4) failed: Boom: third");
    }

    @Test
    void shouldStopRetryingWhenRetryTimeoutHasPassed() {
        Harness h = flaky(RetryPolicy.builder(10, Duration.ofSeconds(10)).retryTimeout(Duration.ofSeconds(30)).build());
        h.start("f", "Flaky", null);

        h.fail(h.activity("Flaky"), "Boom", "1");
        h.advance(Duration.ofSeconds(10));
        h.fail(h.activity("Flaky"), "Boom", "2");
        h.advance(Duration.ofSeconds(10));
        h.advance(Duration.ofSeconds(15));
        h.fail(h.activity("Flaky"), "Boom", "3 after 35s");

        assertThat(h.output("f").asText()).isEqualTo("gave up: Task 'Flaky' (#4) failed: Boom: 3 after 35s");
    }

    @Test
    void shouldCapRetryDelayAtMaxRetryInterval() {
        Harness h = flaky(RetryPolicy.builder(5, Duration.ofSeconds(10)).backoffCoefficient(10)
                .maxRetryInterval(Duration.ofSeconds(30)).build());
        h.start("f", "Flaky", null);
        h.fail(h.activity("Flaky"), "Boom", "1");
        h.advance(Duration.ofSeconds(10));

        h.fail(h.activity("Flaky"), "Boom", "2");

        assertThat(h.timers("f").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(h.now().plusSeconds(30)));
    }

    @Test
    void shouldRetryInsideAllOf() {
        Harness h = Harness.of("Both", ctx -> {
            TaskOptions retry = TaskOptions.withRetryPolicy(THREE_TRIES);
            Task<String> a = ctx.callActivity("A", null, retry, String.class);
            Task<String> b = ctx.callActivity("B", null, retry, String.class);
            return String.join("+", ctx.allOf(List.of(a, b)).await());
        });
        h.start("b", "Both", null);

        h.fail(h.activity("A"), "Boom", "a1");
        h.complete("B", "b");
        h.advance(Duration.ofSeconds(10));
        h.complete("A", "a");

        assertThat(h.output("b").asText()).isEqualTo("a+b");
    }

    @Test
    void shouldRetryInsideAnyOf() {
        Harness h = Harness.of("Race", ctx -> {
            Task<String> a = ctx.callActivity("A", null, TaskOptions.withRetryPolicy(THREE_TRIES), String.class);
            Task<Void> deadline = ctx.createTimer(Duration.ofHours(1));
            Task<?> winner = ctx.anyOf(a, deadline).await();
            deadline.cancel();
            return winner == a ? a.await() : "deadline";
        });
        h.start("r", "Race", null);

        h.fail(h.activity("A"), "Boom", "a1");
        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Running);
        h.advance(Duration.ofSeconds(10));
        h.complete("A", "a");

        assertThat(h.output("r").asText()).isEqualTo("a");
        assertThat(h.timers("r")).isEmpty();
    }

    @Test
    void shouldRetrySubOrchestration() {
        Harness h = Harness.of(dev.dtk.orchestration.OrchestratorRegistry.builder()
                .register("Parent", ctx -> ctx.callSubOrchestrator("Child", null, null,
                        TaskOptions.withRetryPolicy(THREE_TRIES), String.class).await())
                .register("Child", ctx -> ctx.callActivity("Work", null, String.class).await())
                .build());
        h.start("p", "Parent", null);
        h.deliverCommands();
        h.fail(h.activity("Work"), "Boom", "child failed");
        h.deliverCommands();

        h.advance(Duration.ofSeconds(10));
        h.deliverCommands();
        h.complete("Work", "ok");
        h.deliverCommands();

        assertThat(h.status("p:0:0")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.status("p:0:2")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("p").asText()).isEqualTo("ok");
    }
}
