package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.dtk.engine.core.internal.replay.LiveRun;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.Task;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Orchestrator code kept alive between steps: it goes on from where it waited instead of replaying,
 * gives exactly the results a replay gives, and is let go (the history replayed) whenever it does not
 * match the stored history: evicted, rolled back, or changed by a command that did not run the code.
 */
class LiveRunTest {

    private static final Instant T0 = Harness.T0;

    private final AtomicInteger starts = new AtomicInteger();
    /** Makes "Ticks" call an activity before its first tick: code changed since its history was written. */
    private final AtomicBoolean changed = new AtomicBoolean();
    private final InstanceStepper stepper = new InstanceStepper(OrchestratorRegistry.builder()
            .register("FanOut", ctx -> {
                starts.incrementAndGet();
                int n = ctx.getInput(Integer.class);
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    tasks.add(ctx.callActivity("Square", i, Integer.class));
                }
                int sum = 0;
                for (int square : ctx.allOf(tasks).await()) {
                    sum += square;
                }
                return sum + ctx.waitForExternalEvent("bonus", Integer.class).await();
            })
            .register("Ticks", ctx -> {
                starts.incrementAndGet();
                int ticks = ctx.getInput(Integer.class);
                if (changed.get()) {
                    ctx.callActivity("Extra", 0, Integer.class);
                }
                for (int i = 1; i <= ticks; i++) {
                    ctx.createTimer(T0.plusSeconds(i)).await();
                }
                return ticks;
            })
            .build(), ActivityRouting.single("default"));

    /** Runs a fan-out of {@code n} to its end with {@code live}, checking every step against a replay. */
    private InstanceState fanOut(String id, int n, LiveRuns live) {
        StepResult started = step(id, null, new Inbound.CommandReceived(StartOrchestration.of("FanOut", IntNode.valueOf(n))),
                live);
        InstanceState state = started.state();
        List<ActivityTask> tasks = started.outbound().stream()
                .map(o -> ((Outbound.ScheduleActivity) o).task()).toList();
        for (ActivityTask task : tasks) {
            int i = task.input().asInt();
            state = step(id, state, new Inbound.ResultReceived(ActivityCompleted.of(task, IntNode.valueOf(i * i))), live)
                    .state();
        }
        return step(id, state, new Inbound.CommandReceived(RaiseEvent.of("bonus", IntNode.valueOf(1))), live).state();
    }

    private StepResult step(String id, InstanceState state, Inbound inbound, LiveRuns live) {
        StepResult result = stepper.apply(id, state, inbound, T0, live);
        int before = starts.get();
        assertThat(stepper.apply(id, state, inbound, T0)).as("a replay gives the same").isEqualTo(result);
        starts.set(before);
        return result;
    }

    @Test
    void shouldRunTheCodeOnceAcrossEveryStepWhileItIsKept() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);

        InstanceState done = fanOut("f", 50, live);

        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().asInt()).isEqualTo(40_426);
        assertThat(starts.get()).as("the code started once, for 52 steps").isEqualTo(1);
        assertThat(live.size()).as("a finished run is not kept").isZero();
    }

    @Test
    void shouldReplayWhatIsNotKeptAndGiveTheSameResults() {
        LiveRunCache one = new LiveRunCache(1, Long.MAX_VALUE);
        InstanceState a = step("a", null, new Inbound.CommandReceived(StartOrchestration.of("FanOut", IntNode.valueOf(1))),
                one).state();
        InstanceState b = step("b", null, new Inbound.CommandReceived(StartOrchestration.of("FanOut", IntNode.valueOf(1))),
                one).state();
        starts.set(0);

        ActivityTask taskOfA = stepper.apply("a", null, new Inbound.CommandReceived(StartOrchestration.of("FanOut",
                IntNode.valueOf(1))), T0).outbound().stream().map(o -> ((Outbound.ScheduleActivity) o).task())
                .findFirst().orElseThrow();
        starts.set(0);
        step("a", a, new Inbound.ResultReceived(ActivityCompleted.of(taskOfA, IntNode.valueOf(0))), one);

        assertThat(starts.get()).as("a was evicted by b: its code ran again from the start").isEqualTo(1);
        assertThat(one.size()).isEqualTo(1);
        assertThat(b.runtimeStatus()).isEqualTo(RuntimeStatus.Running);
    }

    @Test
    void shouldNotGoOnInARunThatIsAheadOfTheStoredState() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = step("r", null, new Inbound.CommandReceived(StartOrchestration.of("FanOut",
                IntNode.valueOf(2))), live);
        List<ActivityTask> tasks = started.outbound().stream().map(o -> ((Outbound.ScheduleActivity) o).task()).toList();
        // the first result's step went on in the live run, but its transaction was rolled back ...
        step("r", started.state(), new Inbound.ResultReceived(ActivityCompleted.of(tasks.get(0), IntNode.valueOf(0))),
                live);
        starts.set(0);

        // ... and the stored state, as before it, gets the other result first
        StepResult other = step("r", started.state(), new Inbound.ResultReceived(ActivityCompleted.of(tasks.get(1),
                IntNode.valueOf(1))), live);

        assertThat(starts.get()).as("the run that went on was not used: the code ran again").isEqualTo(1);
        assertThat(other.state().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
    }

    /** The due input of the timer {@code step} set. */
    private static Inbound.TimerDue dueOf(StepResult step) {
        TimerChange.Add add = step.timerChanges().stream().filter(TimerChange.Add.class::isInstance)
                .map(TimerChange.Add.class::cast).findFirst().orElseThrow();
        return new Inbound.TimerDue(add.executionId(), add.timerId(), add.fireAt());
    }

    private static void assertSetsTheNextTick(StepResult step) {
        assertThat(step.timerChanges()).as("the next tick is set").filteredOn(TimerChange.Add.class::isInstance)
                .hasSize(1);
    }

    private StepResult startTicks(String id, int ticks, LiveRuns live) {
        return step(id, null, new Inbound.CommandReceived(StartOrchestration.of("Ticks", IntNode.valueOf(ticks))), live);
    }

    @Test
    void shouldTakeAStepWhoseEventsTheCodeWasOfferedAheadAndGiveWhatAReplayGives() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult step = startTicks("t", 3, live);

        for (int tick = 1; tick <= 3; tick++) {
            Inbound.TimerDue due = dueOf(step);
            Instant now = due.fireAt();
            assertThat(stepper.offer("t", step.state(), due, now, live)).as("offered tick %d", tick).isTrue();
            assertThat(stepper.offer("t", step.state(), due, now, live)).as("a run is offered one step at a time")
                    .isFalse();
            StepResult taken = stepper.apply("t", step.state(), due, now, live);
            int before = starts.get();
            assertThat(stepper.apply("t", step.state(), due, now)).as("a replay gives the same").isEqualTo(taken);
            starts.set(before);
            step = taken;
        }

        assertThat(step.state().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(step.state().output().asInt()).isEqualTo(3);
        assertThat(starts.get()).as("the code started once, for 4 steps").isEqualTo(1);
    }

    @Test
    void shouldReplayWhenTheStepTakenBringsOtherEventsThanTheOffer() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("o", 2, live);
        Inbound.TimerDue due = dueOf(started);
        assertThat(stepper.offer("o", started.state(), due, due.fireAt(), live)).isTrue();
        starts.set(0);

        // the step comes at another time than offered: its OrchestratorStarted differs
        Instant later = due.fireAt().plusMillis(5);
        StepResult taken = stepper.apply("o", started.state(), due, later, live);

        assertThat(starts.get()).as("the offered run was not used: the code ran again").isEqualTo(1);
        starts.set(0);
        assertThat(stepper.apply("o", started.state(), due, later)).as("a replay gives the same").isEqualTo(taken);
        assertThat(taken.state().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertSetsTheNextTick(taken);
    }

    @Test
    void shouldLetAnOfferedRunGoWhenAnotherInputComesFirstAndReplay() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("d", 2, live);
        Inbound.TimerDue due = dueOf(started);
        assertThat(stepper.offer("d", started.state(), due, due.fireAt(), live)).isTrue();
        starts.set(0);

        // an event comes before the offered timer's step is taken: the code went on past what is stored
        StepResult event = step("d", started.state(),
                new Inbound.CommandReceived(RaiseEvent.of("unawaited", IntNode.valueOf(1))), live);
        assertThat(starts.get()).as("the offered run was let go: the code ran again").isEqualTo(1);
        assertThat(live.peek("d").isOffered()).as("the run kept now was offered nothing").isFalse();

        starts.set(0);
        StepResult fired = step("d", event.state(), due, live);
        assertThat(starts.get()).as("the timer's step goes on in the run kept after the event").isZero();
        assertSetsTheNextTick(fired);
    }

    @Test
    void shouldOfferNothingToCodeThatIsNotKeptOrToAnInputItIgnores() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("n", 1, live);
        Inbound.TimerDue due = dueOf(started);

        assertThat(stepper.offer("other", started.state(), due, due.fireAt(), live)).as("no run kept").isFalse();
        assertThat(stepper.offer("n", started.state(), new Inbound.TimerDue(due.executionId(), due.timerId() + 7,
                due.fireAt()), due.fireAt(), live)).as("no such timer pending").isFalse();
        assertThat(stepper.offer("n", started.state(), due, due.fireAt(), LiveRuns.NONE)).as("nothing kept").isFalse();
        assertThat(live.peek("n")).as("the run is still kept").isNotNull();
        assertThat(live.peek("n").isWaiting()).as("and waits, offered nothing").isTrue();
    }
    @Test
    void shouldTakeTheNextStepInCodeWarmedAheadAndGiveWhatAReplayGives() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("w", 2, live);
        live.take("w").abandon(); // let go, as the idle bound does with quiet code
        Inbound.TimerDue due = dueOf(started);
        starts.set(0);

        stepper.warm("w", started.state(), live);
        LiveRun warmed = live.peek("w");
        stepper.warm("w", started.state(), live);
        assertThat(live.peek("w")).as("warmed once").isSameAs(warmed);
        StepResult fired = stepper.apply("w", started.state(), due, due.fireAt(), live);

        assertThat(starts.get()).as("the code started once, warming up, and the step went on in it").isEqualTo(1);
        starts.set(0);
        assertThat(stepper.apply("w", started.state(), due, due.fireAt())).as("a replay gives the same")
                .isEqualTo(fired);
        assertSetsTheNextTick(fired);
    }

    @Test
    void shouldOfferAStepToCodeWarmedAheadOnceItWaits() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("h", 2, live);
        live.take("h").abandon();
        Inbound.TimerDue due = dueOf(started);
        starts.set(0);

        stepper.warm("h", started.state(), live);
        await().atMost(Duration.ofSeconds(10)).until(() -> live.peek("h").isWaiting());
        assertThat(stepper.offer("h", started.state(), due, due.fireAt(), live)).as("offered").isTrue();
        StepResult fired = stepper.apply("h", started.state(), due, due.fireAt(), live);

        assertThat(starts.get()).as("the code started once").isEqualTo(1);
        assertThat(stepper.apply("h", started.state(), due, due.fireAt())).as("a replay gives the same")
                .isEqualTo(fired);
    }

    @Test
    void shouldReplayWhenCodeWarmedAheadDidNotWaitWhereItsHistoryEnds() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("c", 2, live);
        live.take("c").abandon();
        Inbound.TimerDue due = dueOf(started);
        changed.set(true); // the code now calls an activity its history never saw
        starts.set(0);

        stepper.warm("c", started.state(), live);
        StepResult fired = stepper.apply("c", started.state(), due, due.fireAt(), live);

        assertThat(starts.get()).as("the warm-up was not used: the code ran again").isEqualTo(2);
        starts.set(0);
        assertThat(stepper.apply("c", started.state(), due, due.fireAt())).as("a replay gives the same")
                .isEqualTo(fired);
        assertThat(fired.state().runtimeStatus()).as("the changed code fails the replay").isEqualTo(RuntimeStatus.Failed);
    }

    @Test
    void shouldWarmNothingWithoutACacheOrForAnInstanceThatIsNotRunning() {
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE);
        StepResult started = startTicks("x", 1, live);
        live.take("x").abandon();
        starts.set(0);

        stepper.warm("x", started.state(), LiveRuns.NONE);
        stepper.warm("x", started.state().withStatus(RuntimeStatus.Suspended, T0), live);

        assertThat(live.peek("x")).isNull();
        assertThat(starts.get()).isZero();
    }

    @Test
    void shouldLetARunGoOnceItWaitedLongerThanTheIdleBoundAndReplayItsNextStep() {
        AtomicLong clock = new AtomicLong();
        LiveRunCache live = new LiveRunCache(10, Long.MAX_VALUE, Duration.ofSeconds(1), clock::get);
        StepResult quiet = startTicks("quiet", 2, live);
        clock.addAndGet(Duration.ofMillis(600).toNanos());
        StepResult busy = startTicks("busy", 2, live);
        clock.addAndGet(Duration.ofMillis(600).toNanos());

        live.expire();

        assertThat(live.peek("quiet")).as("kept 1.2 s without a step: let go").isNull();
        assertThat(live.peek("busy")).as("kept 0.6 s: still kept").isNotNull();
        starts.set(0);
        StepResult fired = step("quiet", quiet.state(), dueOf(quiet), live);
        assertThat(starts.get()).as("the quiet one's next step replayed").isEqualTo(1);
        starts.set(0);
        assertThat(stepper.apply("quiet", quiet.state(), dueOf(quiet), T0)).as("as a replay gives").isEqualTo(fired);
        starts.set(0);
        step("busy", busy.state(), dueOf(busy), live);
        assertThat(starts.get()).as("the busy one went on where it waited").isZero();
        assertThat(live.peek("quiet")).as("kept again after its step").isNotNull();

        clock.addAndGet(Duration.ofMillis(900).toNanos());
        startTicks("third", 1, live);
        assertThat(live.size()).as("keeping another lets go of those idle too long, and only those").isEqualTo(3);
        clock.addAndGet(Duration.ofMillis(200).toNanos());
        startTicks("fourth", 1, live);
        assertThat(live.peek("quiet")).as("1.1 s since its step").isNull();
        assertThat(live.peek("busy")).isNull();
        assertThat(live.peek("third")).isNotNull();
        assertThat(live.size()).isEqualTo(2);
    }
}
