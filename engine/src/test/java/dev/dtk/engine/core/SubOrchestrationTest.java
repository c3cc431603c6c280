package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubOrchestrationTest {

    private static Harness parentAndChild() {
        return Harness.of(OrchestratorRegistry.builder()
                .register("Parent", ctx -> {
                    try {
                        int doubled = ctx.callSubOrchestrator("Child", ctx.getInput(Integer.class), Integer.class)
                                .await();
                        return "child said " + doubled;
                    } catch (TaskFailedException e) {
                        return "child failed: " + e.getMessage() + " / " + e.getFailureDetails().errorType();
                    }
                })
                .register("Child", ctx -> {
                    int n = ctx.getInput(Integer.class);
                    if (n < 0) {
                        throw new IllegalArgumentException("negative: " + n);
                    }
                    return ctx.callActivity("Double", n, Integer.class).await();
                })
                .build());
    }

    @Test
    void shouldStartChildAndCompleteWithItsOutput() {
        Harness h = parentAndChild();

        StepResult started = h.start("p", "Parent", 21);

        String executionId = h.state("p").executionId();
        assertThat(started.outbound()).containsExactly(new Outbound.SendCommand("p:0:0",
                new StartOrchestration(1, "Child", IntNode.valueOf(21), new ParentInstance("p", executionId, 0),
                        Harness.T0)));
        h.deliverCommands();
        assertThat(h.status("p:0:0")).isEqualTo(RuntimeStatus.Running);
        assertThat(h.state("p:0:0").parent()).isEqualTo(new ParentInstance("p", executionId, 0));

        StepResult childDone = h.complete("Double", 42);
        assertThat(childDone.outbound()).containsExactly(new Outbound.SendCommand("p",
                new SubOrchestrationCompleted(1, executionId, 0, "p:0:0", IntNode.valueOf(42), null)));
        h.deliverCommands();

        assertThat(h.status("p")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("p").asText()).isEqualTo("child said 42");
    }

    @Test
    void shouldFailParentTaskWithChildFailureDetails() {
        Harness h = parentAndChild();
        h.start("p", "Parent", -1);

        h.deliverCommands();

        assertThat(h.status("p:0:0")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.status("p")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("p").asText()).isEqualTo("child failed: Task 'Child' (#0) failed: "
                + "java.lang.IllegalArgumentException: negative: -1 / java.lang.IllegalArgumentException");
    }

    @Test
    void shouldUseGivenChildInstanceId() {
        Harness h = Harness.of(OrchestratorRegistry.builder()
                .register("Parent", ctx -> ctx.callSubOrchestrator("Child", "my-child", 1, Integer.class).await())
                .register("Child", ctx -> 5)
                .build());

        StepResult started = h.start("p", "Parent", null);
        h.deliverCommands();

        assertThat(((Outbound.SendCommand) started.outbound().get(0)).instanceId()).isEqualTo("my-child");
        assertThat(h.output("p").asInt()).isEqualTo(5);
    }

    @Test
    void shouldNotifyParentWithTerminatedExceptionWhenChildIsTerminated() {
        Harness h = parentAndChild();
        h.start("p", "Parent", 3);
        h.deliverCommands();

        StepResult terminated = h.terminate("p:0:0", "operator said so");
        h.deliverCommands();

        SubOrchestrationCompleted news = (SubOrchestrationCompleted)
                ((Outbound.SendCommand) terminated.outbound().get(0)).command();
        assertThat(news.failure().errorType()).isEqualTo("TerminatedException");
        assertThat(news.failure().errorMessage()).isEqualTo("sub-orchestration 'p:0:0' was terminated: operator said so");
        assertThat(h.output("p").asText()).isEqualTo("child failed: Task 'Child' (#0) failed: TerminatedException: "
                + "sub-orchestration 'p:0:0' was terminated: operator said so / TerminatedException");
    }

    @Test
    void shouldIgnoreDuplicateOrStaleSubOrchestrationResult() {
        Harness h = parentAndChild();
        h.start("p", "Parent", 2);
        String executionId = h.state("p").executionId();
        h.deliverCommands();
        h.complete("Double", 4);
        h.deliverCommands();

        StepResult duplicate = h.command("p", new SubOrchestrationCompleted(1, executionId, 0, "p:0:0",
                IntNode.valueOf(4), null));
        StepResult unknownParent = h.command("nobody", new SubOrchestrationCompleted(1, "e", 0, "c", null, null));

        assertThat(duplicate.changed()).isFalse();
        assertThat(duplicate.note()).contains("is Completed");
        assertThat(unknownParent.changed()).isFalse();
        assertThat(unknownParent.note()).contains("no instance 'nobody' exists");
        assertThat(h.state("p").history()).filteredOn(HistoryEvent.SubOrchestrationCompleted.class::isInstance)
                .hasSize(1);
    }

    @Test
    void shouldGiveChildrenOfEachGenerationDistinctIds() {
        Harness h = Harness.of(OrchestratorRegistry.builder()
                .register("Looping", ctx -> {
                    int round = ctx.getInput(Integer.class);
                    ctx.callSubOrchestrator("Child", null, Integer.class).await();
                    if (round < 2) {
                        ctx.continueAsNew(round + 1);
                    }
                    return round;
                })
                .register("Child", ctx -> ctx.waitForExternalEvent("go", Integer.class).await())
                .build());
        h.start("l", "Looping", 0);
        h.deliverCommands();
        h.raise("l:0:0", "go", 1);
        h.deliverCommands();
        h.raise("l:1:0", "go", 1);
        h.deliverCommands();
        h.raise("l:2:0", "go", 1);
        h.deliverCommands();

        assertThat(h.status("l")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("l")).isEqualTo(IntNode.valueOf(2));
        assertThat(Map.of("a", h.status("l:0:0"), "b", h.status("l:1:0"), "c", h.status("l:2:0")))
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(RuntimeStatus.Completed));
    }
}
