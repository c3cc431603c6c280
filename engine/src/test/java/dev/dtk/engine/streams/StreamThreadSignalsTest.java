package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StreamThreadSignalsTest {

    private static final Duration POLL = Duration.ofMillis(5);
    private static final long NOW = 1_000_000L;

    @Test
    void shouldWaitNoLongerThanUntilTheEarliestAnnouncedTimerAndForgetItAfterOneWait() throws Exception {
        StreamThreadSignals signals = onFreshThread();
        signals.wakeBy(NOW + 3);
        signals.wakeBy(NOW + 2);
        assertThat(signals.pollTimeout(POLL, NOW)).isEqualTo(Duration.ofMillis(2));
        assertThat(signals.pollTimeout(POLL, NOW)).as("announced again at every punctuation").isEqualTo(POLL);

        signals.wakeBy(NOW + 60_000);
        assertThat(signals.pollTimeout(POLL, NOW)).isEqualTo(POLL);
        signals.wakeBy(NOW - 1);
        assertThat(signals.pollTimeout(POLL, NOW)).isEqualTo(Duration.ZERO);
        signals.wakeBy(Long.MIN_VALUE); // a task that has not swept yet
        assertThat(signals.pollTimeout(POLL, NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldWaitLongerOnlyWhileEveryTaskIdlesAndNotPastTheFirstWakeUp() throws Exception {
        StreamThreadSignals signals = onFreshThread();
        TaskId first = new TaskId(0, 0);
        TaskId second = new TaskId(0, 1);
        assertThat(signals.pollTimeout(POLL, NOW)).as("no task yet (restoring)").isEqualTo(POLL);

        signals.taskActive(first);
        signals.taskIdle(second, NOW + 60_000);
        assertThat(signals.pollTimeout(POLL, NOW)).as("one task sweeps").isEqualTo(POLL);

        signals.taskIdle(first, NOW + 30_000);
        assertThat(signals.pollTimeout(POLL, NOW)).as("all idle")
                .isEqualTo(Duration.ofMillis(StreamThreadSignals.IDLE_POLL_MILLIS));
        signals.taskIdle(first, NOW + 40);
        assertThat(signals.pollTimeout(POLL, NOW)).as("until the first wakes").isEqualTo(Duration.ofMillis(40));
        signals.taskIdle(first, NOW + 2);
        assertThat(signals.pollTimeout(POLL, NOW)).as("never shorter than poll.ms for that").isEqualTo(POLL);
        signals.taskIdle(first, NOW + 30_000);
        signals.wakeBy(NOW + 20);
        assertThat(signals.pollTimeout(POLL, NOW)).as("a timer announced").isEqualTo(Duration.ofMillis(20));

        signals.taskClosed(second);
        signals.taskActive(first);
        assertThat(signals.pollTimeout(POLL, NOW)).as("input woke it").isEqualTo(POLL);
        signals.taskClosed(first);
        assertThat(signals.pollTimeout(POLL, NOW)).as("no task left").isEqualTo(POLL);
    }

    @Test
    void shouldAskForACommitOnlyWhenAnEndWaitsAndTheThreadRanOutOfInput() throws Exception {
        StreamThreadSignals signals = onFreshThread();
        assertThat(signals.ranOutOfInput()).as("nothing waits: the consumer may wait for input").isFalse();
        assertThat(signals.commitNow()).isFalse();

        signals.ended();
        signals.gotInput();
        assertThat(signals.commitNow()).as("busy: the interval commits").isFalse();
        assertThat(signals.ranOutOfInput()).as("an end waits: the consumer must not wait").isTrue();
        assertThat(signals.commitNow()).isTrue();
        assertThat(signals.commitNow()).as("once per end").isFalse();
    }

    @Test
    void shouldCommitAnEndOnlyOnceAPollFindsNeitherInputNorTimersFiredSinceTheOneBefore() throws Exception {
        StreamThreadSignals signals = onFreshThread();
        signals.fired();
        signals.ended();
        long before = System.currentTimeMillis();
        assertThat(signals.ranOutOfInput()).as("a timer fired since the last poll: busy").isFalse();
        assertThat(signals.commitNow()).isFalse();
        assertThat(signals.pollTimeout(POLL, before)).as("looks again within a millisecond")
                .isLessThanOrEqualTo(Duration.ofMillis(1 + System.currentTimeMillis() - before));

        signals.fired();
        assertThat(signals.ranOutOfInput()).as("timers fire on: the interval commits").isFalse();
        assertThat(signals.commitNow()).isFalse();
        signals.pollTimeout(POLL, System.currentTimeMillis()); // the consumer waits, for a millisecond at most

        assertThat(signals.ranOutOfInput()).as("nothing fired since: idle").isTrue();
        assertThat(signals.commitNow()).isTrue();

        signals.fired();
        assertThat(signals.ranOutOfInput()).as("no end waits: the consumer may wait").isFalse();
        assertThat(signals.pollTimeout(POLL, System.currentTimeMillis())).isEqualTo(POLL);
    }

    @Test
    void shouldGiveSweepsTheWholeBudgetWithoutInputAndWhileInputFlowsOnlyWhatInputGot() throws Exception {
        StreamThreadSignals signals = onFreshThread();
        long max = Duration.ofMillis(200).toNanos();
        long t = 5_000_000_000L;
        assertThat(signals.sweepBudgetNanos(max, t)).as("no input yet").isEqualTo(max);

        signals.applied(3_000_000, t);
        assertThat(signals.sweepBudgetNanos(max, t)).as("input got 3 ms: so may the sweep").isEqualTo(3_000_000);
        signals.swept(5_000_000, max);
        assertThat(signals.sweepBudgetNanos(max, t)).as("the sweeps are 2 ms ahead: one timer only").isZero();
        signals.applied(4_000_000, t + 1_000_000);
        assertThat(signals.sweepBudgetNanos(max, t + 1_000_000)).isEqualTo(2_000_000);

        signals.swept(max, max);
        signals.swept(max, max);
        signals.applied(max, t + 2_000_000);
        assertThat(signals.sweepBudgetNanos(max, t + 2_000_000))
                .as("a debt is bounded by one budget: input repays it with one budget's time").isZero();

        long quietAgain = t + 2_000_000 + StreamThreadSignals.INPUT_FLOWS_NANOS + 1;
        assertThat(signals.sweepBudgetNanos(max, quietAgain)).as("no input for 100 ms: the whole budget").isEqualTo(max);
        signals.applied(1_000_000, quietAgain);
        assertThat(signals.sweepBudgetNanos(max, quietAgain)).as("the debt was forgiven").isEqualTo(1_000_000);
    }

    /** Each stream thread has its own; a test's thread stands in for a fresh one. */
    private static StreamThreadSignals onFreshThread() throws InterruptedException {
        StreamThreadSignals[] signals = new StreamThreadSignals[1];
        Thread thread = Thread.ofPlatform().start(() -> signals[0] = StreamThreadSignals.current());
        thread.join();
        return signals[0];
    }
}
