package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.Task;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.orchestration.TaskOptions;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RuntimeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActivityTest {

    private static Harness helloSequence() {
        return Harness.of("Hello", ctx -> {
            List<String> greetings = new ArrayList<>();
            greetings.add(ctx.callActivity("SayHello", "Tokyo", String.class).await());
            greetings.add(ctx.callActivity("SayHello", "Seattle", String.class).await());
            greetings.add(ctx.callActivity("SayHello", "London", String.class).await());
            return greetings;
        });
    }

    @Test
    void shouldRunHelloSequenceOneActivityAtATime() {
        Harness h = helloSequence();

        StepResult started = h.start("i1", "Hello", null);

        assertThat(started.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(started.outbound()).hasSize(1);
        Outbound.ScheduleActivity first = (Outbound.ScheduleActivity) started.outbound().get(0);
        assertThat(first.queue()).isEqualTo("default");
        assertThat(first.task()).isEqualTo(new ActivityTask(1, "i1", h.state("i1").executionId(), 0, "SayHello",
                TextNode.valueOf("Tokyo"), Harness.T0));

        h.complete("SayHello", "Hello Tokyo!");
        assertThat(h.openActivities()).singleElement().satisfies(t -> {
            assertThat(t.taskId()).isEqualTo(1);
            assertThat(t.input()).isEqualTo(TextNode.valueOf("Seattle"));
        });
        h.complete("SayHello", "Hello Seattle!");
        StepResult done = h.complete("SayHello", "Hello London!");

        assertThat(done.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.status().output())
                .isEqualTo(DtkJson.toTree(List.of("Hello Tokyo!", "Hello Seattle!", "Hello London!")));
        assertThat(done.outbound()).isEmpty();
        assertThat(h.state("i1").history()).last().isInstanceOf(HistoryEvent.ExecutionCompleted.class);
    }

    @Test
    void shouldFanOutAndFanInHundredActivities() {
        Harness h = Harness.of("FanOut", ctx -> {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                tasks.add(ctx.callActivity("Square", i, Integer.class));
            }
            return ctx.allOf(tasks).await().stream().mapToInt(Integer::intValue).sum();
        });

        StepResult started = h.start("fan", "FanOut", null);
        assertThat(started.outbound()).hasSize(100);

        List<ActivityTask> open = new ArrayList<>(h.openActivities());
        java.util.Collections.reverse(open);
        for (ActivityTask task : open) {
            h.complete(task, task.input().asInt() * task.input().asInt());
        }

        assertThat(h.status("fan")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("fan").asInt()).isEqualTo(328350);
    }

    @Test
    void shouldFailAllOfWithFirstFailure() {
        Harness h = Harness.of("FanOut", ctx -> {
            Task<String> a = ctx.callActivity("A", null, String.class);
            Task<String> b = ctx.callActivity("B", null, String.class);
            try {
                ctx.allOf(List.of(a, b)).await();
                return "no failure";
            } catch (TaskFailedException e) {
                return e.getTaskName() + " " + e.getTaskId();
            }
        });
        h.start("i", "FanOut", null);

        h.fail(h.activity("B"), "Boom", "b failed");

        assertThat(h.status("i")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("i").asText()).isEqualTo("B 1");
    }

    @Test
    void shouldFailInstanceWithUncaughtActivityFailure() {
        Harness h = helloSequence();
        h.start("i1", "Hello", null);

        StepResult failed = h.fail(h.activity("SayHello"), "java.lang.IllegalStateException", "no greeting today");

        assertThat(failed.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(failed.status().failureDetails().errorType())
                .isEqualTo("dev.dtk.orchestration.TaskFailedException");
        assertThat(failed.status().failureDetails().errorMessage())
                .isEqualTo("Task 'SayHello' (#0) failed: java.lang.IllegalStateException: no greeting today");
        assertThat(failed.status().output()).isEqualTo(
                TextNode.valueOf("Task 'SayHello' (#0) failed: java.lang.IllegalStateException: no greeting today"));
    }

    @Test
    void shouldExposeFailureDetailsInTaskFailedException() {
        Harness h = Harness.of("Catch", ctx -> {
            ctx.callActivity("First", null, Void.class).await();
            try {
                ctx.callActivity("SayHello", "x", String.class).await();
                return null;
            } catch (TaskFailedException e) {
                return Map.of("name", e.getTaskName(), "id", e.getTaskId(), "type", e.getFailureDetails().errorType(),
                        "error", e.getFailureDetails().errorMessage(), "message", e.getMessage());
            }
        });
        h.start("c", "Catch", null);
        h.complete("First", null);

        h.fail(h.activity("SayHello"), "Oops", "it broke");

        assertThat(h.output("c")).isEqualTo(DtkJson.toTree(Map.of("name", "SayHello", "id", 1, "type", "Oops",
                "error", "it broke", "message", "Task 'SayHello' (#1) failed: Oops: it broke")));
    }

    @Test
    void shouldThrowFromAwaitWhenResultCannotBeConverted() {
        Harness h = Harness.of("Convert", ctx -> {
            try {
                return ctx.callActivity("Number", null, Integer.class).await();
            } catch (IllegalArgumentException e) {
                return "conversion failed: " + e.getMessage();
            }
        });
        h.start("c", "Convert", null);

        h.complete("Number", Map.of("not", "a number"));

        assertThat(h.output("c").asText()).startsWith(
                "conversion failed: cannot use the result of task 'Number' (#0): cannot read {\"not\":\"a number\"}"
                        + " as Integer");
    }

    @Test
    void shouldRouteActivitiesToConfiguredQueues() {
        OrchestratorRegistry registry = OrchestratorRegistry.builder().register("Route", ctx -> {
            ctx.callActivity("Sms", null, Void.class);
            ctx.callActivity("Plain", null, Void.class);
            ctx.callActivity("Sms", null, TaskOptions.onQueue("urgent"), Void.class);
            return ctx.callActivity("Plain", null, Void.class).await();
        }).build();
        Harness h = new Harness(registry,
                new ActivityRouting("default", Map.of("Sms", "sms"), Set.of("default", "sms", "urgent")));

        StepResult started = h.start("r", "Route", null);

        assertThat(started.outbound()).extracting(o -> ((Outbound.ScheduleActivity) o).queue())
                .containsExactly("sms", "default", "urgent", "default");
    }

    @Test
    void shouldFailTaskAtOnceWhenQueueIsUnknown() {
        Harness h = Harness.of("Unknown", ctx -> {
            try {
                ctx.callActivity("Send", null, TaskOptions.onQueue("nowhere"), Void.class).await();
                return "sent";
            } catch (TaskFailedException e) {
                return e.getFailureDetails().errorMessage();
            }
        });

        StepResult result = h.start("u", "Unknown", null);

        assertThat(result.outbound()).isEmpty();
        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("u").asText()).isEqualTo("no activity queue 'nowhere' is configured; known queues: [default]");
    }

    @Test
    void shouldIgnoreDuplicateResult() {
        Harness h = helloSequence();
        h.start("i1", "Hello", null);
        ActivityTask first = h.activity("SayHello");
        h.complete(first, "Hello Tokyo!");

        StepResult duplicate = h.complete(first, "Hello again");

        assertThat(duplicate.changed()).isFalse();
        assertThat(duplicate.deadLetterReason()).isNull();
        assertThat(duplicate.note()).contains("duplicate result of activity task #0 ('SayHello')");
    }

    @Test
    void shouldIgnoreResultOfStaleExecution() {
        Harness h = helloSequence();
        h.start("i1", "Hello", null);
        ActivityTask task = h.activity("SayHello");
        ActivityTask stale = new ActivityTask(1, "i1", "old-execution", 0, "SayHello", null, Harness.T0);

        StepResult result = h.apply("i1", new Inbound.ResultReceived(ActivityCompleted.of(stale, null)));

        assertThat(result.changed()).isFalse();
        assertThat(result.note()).contains("belongs to execution old-execution").contains(task.executionId());
    }

    @Test
    void shouldIgnoreResultOfUnknownTask() {
        Harness h = helloSequence();
        h.start("i1", "Hello", null);
        ActivityTask task = h.activity("SayHello");
        ActivityTask unknown = new ActivityTask(1, "i1", task.executionId(), 7, "SayHello", null, Harness.T0);

        StepResult result = h.apply("i1", new Inbound.ResultReceived(ActivityCompleted.of(unknown, null)));

        assertThat(result.changed()).isFalse();
        assertThat(result.note()).contains("no such activity task was scheduled");
    }

    @Test
    void shouldIgnoreResultForUnknownOrFinishedInstance() {
        Harness h = helloSequence();
        ActivityTask ghost = new ActivityTask(1, "ghost", "e", 0, "SayHello", null, Harness.T0);

        StepResult unknown = h.apply("ghost", new Inbound.ResultReceived(ActivityCompleted.of(ghost, null)));
        h.start("i1", "Hello", null);
        ActivityTask task = h.activity("SayHello");
        h.terminate("i1", "stop");
        StepResult finished = h.complete(task, "late");

        assertThat(unknown.changed()).isFalse();
        assertThat(unknown.note()).contains("no instance 'ghost' exists");
        assertThat(finished.changed()).isFalse();
        assertThat(finished.note()).contains("instance 'i1' is Terminated");
    }
}
