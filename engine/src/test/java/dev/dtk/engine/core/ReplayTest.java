package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static final String LIKELY_CAUSE = " The orchestrator code was probably changed while this instance was"
            + " in flight: deploy incompatible changes under a new orchestrator name, or let running instances"
            + " finish first.";

    @Test
    void shouldFailNonDeterministicallyWhenActivityNameChanged() {
        AtomicReference<String> second = new AtomicReference<>("B");
        Harness h = Harness.of("Changing", ctx -> {
            ctx.callActivity("A", null, Void.class).await();
            return ctx.callActivity(second.get(), null, String.class).await();
        });
        h.start("n", "Changing", null);
        h.complete("A", null);

        second.set("C");
        h.redeploy();
        StepResult result = h.complete("B", "b");

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().failureDetails().errorType()).isEqualTo("NonDeterministicOrchestrationException");
        assertThat(result.status().failureDetails().errorMessage()).isEqualTo("Non-deterministic orchestration:"
                + " history recorded callActivity('B') as action #1, but the orchestrator code now produced"
                + " callActivity('C')." + LIKELY_CAUSE);
        assertThat(result.outbound()).isEmpty();
    }

    @Test
    void shouldFailNonDeterministicallyWhenActionKindChanged() {
        AtomicReference<Boolean> useTimer = new AtomicReference<>(false);
        Harness h = Harness.of("Changing", ctx -> {
            if (useTimer.get()) {
                ctx.createTimer(Duration.ofMinutes(1)).await();
            } else {
                ctx.callActivity("A", null, Void.class).await();
            }
            return ctx.waitForExternalEvent("e", String.class).await();
        });
        h.start("n", "Changing", null);

        useTimer.set(true);
        h.redeploy();
        StepResult result = h.raise("n", "e", "x");

        assertThat(result.status().failureDetails().errorMessage()).isEqualTo("Non-deterministic orchestration:"
                + " history recorded callActivity('A') as action #0, but the orchestrator code now produced"
                + " createTimer." + LIKELY_CAUSE);
    }

    @Test
    void shouldFailNonDeterministicallyWhenRecordedActionIsNoLongerProduced() {
        AtomicReference<Boolean> withTimer = new AtomicReference<>(true);
        Harness h = Harness.of("Changing", ctx -> {
            if (withTimer.get()) {
                ctx.createTimer(Duration.ofHours(1));
            }
            return ctx.waitForExternalEvent("e", String.class).await();
        });
        h.start("n", "Changing", null);

        withTimer.set(false);
        h.redeploy();
        StepResult result = h.raise("n", "e", "x");

        assertThat(result.status().failureDetails().errorMessage()).isEqualTo("Non-deterministic orchestration:"
                + " history recorded createTimer as action #0, but the orchestrator code no longer produced it."
                + LIKELY_CAUSE);
        assertThat(result.timerChanges()).containsExactly(new TimerChange.Remove(0, Harness.T0.plusSeconds(3600)));
    }

    @Test
    void shouldFailNonDeterministicallyEvenWhenCodeCatchesEverything() {
        AtomicReference<String> name = new AtomicReference<>("A");
        Harness h = Harness.of("Catcher", ctx -> {
            try {
                ctx.callActivity(name.get(), null, Void.class).await();
            } catch (Throwable t) {
                return "swallowed";
            }
            return "done";
        });
        h.start("c", "Catcher", null);

        name.set("Z");
        h.redeploy();
        StepResult result = h.complete("A", null);

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().failureDetails().errorType()).isEqualTo("NonDeterministicOrchestrationException");
    }

    @Test
    void shouldNotLetCatchExceptionSwallowSuspension() {
        Harness h = Harness.of("Catch", ctx -> {
            try {
                return ctx.callActivity("A", null, String.class).await();
            } catch (Exception e) {
                return "swallowed";
            }
        });

        StepResult started = h.start("c", "Catch", null);

        assertThat(started.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        h.complete("A", "result");
        assertThat(h.output("c").asText()).isEqualTo("result");
    }

    @Test
    void shouldStayWaitingWhenCodeCatchesSuspensionAsThrowable() {
        Harness h = Harness.of("Catch", ctx -> {
            try {
                return ctx.callActivity("A", null, String.class).await();
            } catch (Throwable e) {
                return "swallowed";
            }
        });

        StepResult started = h.start("c", "Catch", null);

        assertThat(started.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
    }

    @Test
    void shouldFailInstanceWhenOrchestratorThrows() {
        Harness h = Harness.of("Throws", ctx -> {
            ctx.callActivity("A", null, Void.class).await();
            throw new IllegalStateException("bad state");
        });
        h.start("t", "Throws", null);

        StepResult failed = h.complete("A", null);

        assertThat(failed.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(failed.status().failureDetails().errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.status().failureDetails().errorMessage()).isEqualTo("bad state");
        assertThat(failed.status().failureDetails().stackTrace()).contains("ReplayTest")
                .doesNotContain("Harness");
        assertThat(failed.status().output().asText()).isEqualTo("bad state");
    }

    @Test
    void shouldFailInstanceWhenInputHasWrongType() {
        Harness h = Harness.of("Typed", ctx -> ctx.getInput(Integer.class) + 1);

        StepResult result = h.start("t", "Typed", "abc");

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().failureDetails().errorMessage())
                .startsWith("cannot use the orchestration's input: cannot read \"abc\" as Integer");
    }

    @Test
    void shouldFailInstanceWhenOutputCannotBeWrittenAsJson() {
        Harness h = Harness.of("Output", ctx -> new Object());

        StepResult result = h.start("o", "Output", null);

        assertThat(result.status().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(result.status().failureDetails().errorType()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void shouldGiveSameUuidsAndTimesWhenReplaying() {
        List<String> seen = new ArrayList<>();
        Harness h = Harness.of("Ids", ctx -> {
            UUID first = ctx.newUuid();
            String t1 = ctx.currentUtcDateTime().toString();
            ctx.callActivity("A", null, Void.class).await();
            UUID second = ctx.newUuid();
            String t2 = ctx.currentUtcDateTime().toString();
            seen.add(first + " " + t1 + " " + second + " " + t2);
            ctx.waitForExternalEvent("e", Void.class).await();
            return List.of(first.toString(), t1, second.toString(), t2);
        });
        h.start("u", "Ids", null);
        h.advance(Duration.ofSeconds(7));
        h.complete("A", null);
        h.advance(Duration.ofSeconds(5));

        h.raise("u", "e", null);

        List<String> output = DtkJson.fromTree(h.output("u"), List.class);
        assertThat(output.get(0)).isNotEqualTo(output.get(2));
        assertThat(output.get(1)).isEqualTo(Harness.T0.toString());
        assertThat(output.get(3)).isEqualTo(Harness.T0.plusSeconds(7).toString());
        assertThat(seen).hasSizeGreaterThanOrEqualTo(2).containsOnly(String.join(" ", output));
    }

    @Test
    void shouldReportReplayingOnlyForPastWork() {
        List<String> log = new ArrayList<>();
        Harness h = Harness.of("Log", ctx -> {
            log.add("start replaying=" + ctx.isReplaying());
            ctx.callActivity("A", null, Void.class).await();
            log.add("after A replaying=" + ctx.isReplaying());
            ctx.callActivity("B", null, Void.class).await();
            log.add("after B replaying=" + ctx.isReplaying());
            return null;
        });
        h.start("l", "Log", null);
        h.complete("A", null);
        log.clear();

        h.complete("B", null);

        // the harness runs every step twice: the code kept alive goes on from where it waited, then a
        // replay of the whole history (the crash-replay check) runs it from the start
        assertThat(log).containsExactly("after B replaying=false",
                "start replaying=true", "after A replaying=true", "after B replaying=false");
    }

    @Test
    void shouldGiveIdenticalResultWhenStepIsReplayedAfterCrash() {
        InstanceStepper stepper = new InstanceStepper(dev.dtk.orchestration.OrchestratorRegistry.builder()
                .register("Flow", ctx -> {
                    ctx.createTimer(Duration.ofMinutes(1));
                    String a = ctx.callActivity("A", ctx.newUuid().toString(), String.class).await();
                    return a + ctx.waitForExternalEvent("e", String.class).await();
                }).build(), ActivityRouting.single("default"));
        StepResult start = stepper.apply("f", null, new Inbound.CommandReceived(
                dev.dtk.topics.message.StartOrchestration.of("Flow", null)), Harness.T0);
        ActivityTask task = ((Outbound.ScheduleActivity) start.outbound().get(0)).task();
        InstanceState stored = DtkJson.read(DtkJson.write(start.state()), InstanceState.class);
        Inbound result = new Inbound.ResultReceived(ActivityCompleted.of(task, DtkJson.toTree("a")));

        StepResult first = stepper.apply("f", stored, result, Harness.T0.plusSeconds(1));
        StepResult afterCrash = stepper.apply("f", DtkJson.read(DtkJson.write(stored), InstanceState.class), result,
                Harness.T0.plusSeconds(1));

        assertThat(afterCrash).isEqualTo(first);
        assertThat(first.changed()).isTrue();
    }

    @Test
    void shouldRefuseIncompleteInputWithoutThrowing() {
        InstanceStepper stepper = new InstanceStepper(dev.dtk.orchestration.OrchestratorRegistry.builder().build(),
                ActivityRouting.single("default"));

        assertThat(stepper.apply("x", null, null, Harness.T0).deadLetterReason()).startsWith("a step needs");
        assertThat(stepper.apply("x", null, new Inbound.CommandReceived(null), Harness.T0).deadLetterReason())
                .isEqualTo("empty command for instance 'x'");
        assertThat(stepper.apply("x", null, new Inbound.ResultReceived(null), Harness.T0).deadLetterReason())
                .isEqualTo("empty activity result for instance 'x'");
    }
}
