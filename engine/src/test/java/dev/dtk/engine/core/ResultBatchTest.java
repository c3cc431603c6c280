package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Results that arrive in one record are applied in one step, with the outcome of one step per result
 * (the harness checks every step against a replay of the stored history, and live runs against replay).
 */
class ResultBatchTest {

    private static Harness fanOut(int n) {
        return Harness.of("FanOut", ctx -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tasks.add(ctx.callActivity("Square", i, Integer.class));
            }
            return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
        });
    }

    private static ActivityResult squared(ActivityTask task) {
        return ActivityCompleted.of(task, DtkJson.toTree(task.input().asInt() * task.input().asInt()));
    }

    @Test
    void shouldApplyAFanOutsResultsInOneStepPerRecord() {
        Harness h = fanOut(100);
        h.start("fan", "FanOut", null);
        List<ActivityTask> open = new ArrayList<>(h.openActivities());

        StepResult first = h.deliverTogether(open.subList(0, 60).stream().map(ResultBatchTest::squared).toList());
        assertThat(first.changed()).isTrue();
        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Running);
        assertThat(h.state("fan").history()).filteredOn(HistoryEvent.TaskCompleted.class::isInstance).hasSize(60);
        assertThat(h.state("fan").history()).filteredOn(HistoryEvent.OrchestratorStarted.class::isInstance)
                .as("one step for the 60 results, after the start's").hasSize(2);

        h.deliverTogether(open.subList(60, 100).stream().map(ResultBatchTest::squared).toList());

        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("fan").asInt()).isEqualTo(328350);
    }

    @Test
    void shouldIgnoreDuplicatesAndStaleResultsInARecordAndApplyTheRest() {
        Harness h = fanOut(3);
        h.start("fan", "FanOut", null);
        List<ActivityTask> open = new ArrayList<>(h.openActivities());
        h.complete(open.get(0), 0);
        ActivityTask stale = new ActivityTask(open.get(1).v(), "fan", "an-old-execution", 1, "Square",
                DtkJson.toTree(1), open.get(1).scheduledAt(), 0);

        StepResult step = h.deliverTogether(List.of(squared(open.get(0)), ActivityCompleted.of(stale,
                DtkJson.toTree(99)), squared(open.get(1)), squared(open.get(1)), squared(open.get(2))));

        assertThat(step.changed()).isTrue();
        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("fan").asInt()).isEqualTo(0 + 1 + 4);
        assertThat(h.state("fan").history()).filteredOn(HistoryEvent.TaskCompleted.class::isInstance).hasSize(3);
    }

    @Test
    void shouldChangeNothingWhenNoResultOfARecordIsAccepted() {
        Harness h = fanOut(2);
        h.start("fan", "FanOut", null);
        ActivityTask task = h.openActivities().get(0);
        h.complete(task, 0);

        StepResult step = h.deliverTogether(List.of(squared(task), squared(task)));

        assertThat(step.changed()).isFalse();
        assertThat(step.isRefused()).isFalse();
        assertThat(step.note()).contains("duplicate result of activity task #" + task.taskId());
    }

    @Test
    void shouldGiveTheCodeTheResultsInTheirOrderSoTheFirstFailureWins() {
        Harness h = Harness.of("Race", ctx -> {
            Task<String> a = ctx.callActivity("A", null, String.class);
            Task<String> b = ctx.callActivity("B", null, String.class);
            try {
                ctx.allOf(List.of(a, b)).await();
                return "no failure";
            } catch (TaskFailedException e) {
                return e.getTaskName();
            }
        });
        h.start("r", "Race", null);
        ActivityTask a = h.activity("A");
        ActivityTask b = h.activity("B");

        h.deliverTogether(List.of(ActivityFailed.of(b, FailureDetails.of("Boom", "b")),
                ActivityFailed.of(a, FailureDetails.of("Boom", "a"))));

        assertThat(h.output("r").asText()).isEqualTo("B");
    }

    @Test
    void shouldHoldARecordOfResultsWhileSuspendedAndApplyItOnResume() {
        Harness h = fanOut(3);
        h.start("fan", "FanOut", null);
        List<ActivityTask> open = new ArrayList<>(h.openActivities());
        h.suspend("fan");

        h.deliverTogether(open.stream().map(ResultBatchTest::squared).toList());
        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Suspended);
        assertThat(h.state("fan").suspendedInbox()).hasSize(3);

        h.resume("fan");
        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("fan").asInt()).isEqualTo(5);
    }

    @Test
    void shouldLetACodeThatEndsEarlyIgnoreTheRestOfTheRecord() {
        Harness h = Harness.of("First", ctx -> {
            Task<Integer> a = ctx.callActivity("Square", 2, Integer.class);
            Task<Integer> b = ctx.callActivity("Square", 3, Integer.class);
            Task<?> winner = ctx.anyOf(List.of(a, b)).await();
            ctx.createTimer(Duration.ofSeconds(1)).await();
            return winner == a ? "a" : "b";
        });
        h.start("f", "First", null);
        List<ActivityTask> open = new ArrayList<>(h.openActivities());

        h.deliverTogether(List.of(squared(open.get(1)), squared(open.get(0))));
        h.advance(Duration.ofSeconds(1));

        assertThat(h.status("f")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("f").asText()).isEqualTo("b");
    }
}
