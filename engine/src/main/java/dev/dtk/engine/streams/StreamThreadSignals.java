package dev.dtk.engine.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What a stream thread's processors tell its consumer, and back: one per stream thread (its consumer and
 * its processors run on it, so nothing here is shared between threads).
 *
 * <p><b>Ends commit at once when idle.</b> A client waiting for an instance's end reads the status topic
 * read_committed, so the end is visible only once the engine's transaction commits; with a 10 ms interval
 * that is 5 ms of waiting on average, more than the rest of a short orchestration. A step that ends an
 * instance says so ({@link #ended()}); the consumer, finding no input ready, then does not wait for input,
 * and the thread's punctuation asks Kafka Streams for the commit ({@link #commitNow()}). A busy thread
 * never runs out of input and commits on its interval as before: one transaction for many steps is what
 * lets it keep up. Timers fired since the last poll make the thread as busy as input does ({@link #fired()}):
 * timers coming due every millisecond used to commit after almost every fire, a third of the thread
 * spent committing and every timer due meanwhile waiting for it; the thread now looks again a
 * millisecond later and commits then if no timer fired in between.
 *
 * <p><b>Timers wake the thread.</b> An idle thread waits in its consumer's poll for up to Kafka Streams'
 * {@code poll.ms} before it punctuates. Each processor says when its next timer is due
 * ({@link #wakeBy(long)}), and the consumer waits no longer than that ({@link #pollTimeout}). While every
 * task of the thread idles (its sweeps stopped until input comes or its one wake-up), the consumer waits
 * up to {@link #IDLE_POLL_MILLIS} instead of {@code poll.ms}: input still ends the wait at once.
 *
 * <p><b>Due timers and input share the thread.</b> Kafka Streams runs a thread's punctuations after every
 * pass over its tasks' input, a record or a few per task. A sweep that found thousands of timers due (an
 * hour's worth of verifications expiring at once) used to fire for its whole budget in each of the
 * thread's tasks, so a pass of four records was followed by up to 800 ms of fires: input crawled at a
 * few records a second for as long as the backlog lasted, and a run of 10,000,000 waiting verifications
 * stalled once their first timers came due. While input flows, a sweep now gets the time input got since,
 * less what the sweeps took ({@link #sweepBudgetNanos}): each gets about half the thread, and a sweep
 * always fires at least one timer. A thread with no input gives its sweeps their whole budget.
 */
final class StreamThreadSignals {

    /**
     * How long the consumer waits for input while every task of the thread idles (its sweeps stopped,
     * nothing cached), unless one wakes sooner. Kafka Streams' {@code poll.ms} (5 ms here) is short for the
     * sake of busy tasks, and an idle thread looped 200 times a second for nothing.
     */
    static final long IDLE_POLL_MILLIS = 100;
    /** In {@link #tasks}: the task runs its sweeps. */
    private static final long ACTIVE = Long.MIN_VALUE;

    /** Input applied within this long counts as flowing; also the most credit input builds up for sweeps. */
    static final long INPUT_FLOWS_NANOS = Duration.ofMillis(100).toNanos();

    private static final ThreadLocal<StreamThreadSignals> CURRENT = ThreadLocal.withInitial(StreamThreadSignals::new);

    private boolean endWaiting;
    private boolean ranOut;
    private boolean firedSincePoll;
    private long wakeAt = Long.MAX_VALUE;
    /** Input time not yet matched by sweep time (negative: the sweeps are ahead), while input flows. */
    private long sweepCredit;
    private long lastInputAt;
    private boolean anyInput;
    private Consumer<?, ?> consumer;
    private long polls;
    /** This thread's tasks: {@link #ACTIVE}, or when an idle one wakes (epoch ms). */
    private final Map<TaskId, Long> tasks = new HashMap<>();

    private StreamThreadSignals() {
    }

    /** The calling stream thread's. */
    static StreamThreadSignals current() {
        return CURRENT.get();
    }

    /** This thread polls {@code mainConsumer} for its input, now. */
    void polled(Consumer<?, ?> mainConsumer) {
        consumer = mainConsumer;
        polls++;
    }

    /** How many times this thread polled its consumer. */
    long polls() {
        return polls;
    }

    /** The consumer this thread polls for its input; null before its first poll. */
    Consumer<?, ?> consumer() {
        return consumer;
    }

    /** A step on this thread ended an instance: its status waits for the transaction's commit. */
    void ended() {
        endWaiting = true;
    }

    /** The consumer found records ready: the thread is busy and commits on its interval. */
    void gotInput() {
        ranOut = false;
        firedSincePoll = false;
    }

    /** A timer sweep fired timers: until the next poll the thread counts as busy, as with input. */
    void fired() {
        firedSincePoll = true;
    }

    /**
     * The consumer found nothing ready; true when it should not wait for input (an end waits for a commit
     * and no timer fired since the last poll). An end waiting while timers fire looks again in a millisecond.
     */
    boolean ranOutOfInput() {
        ranOut = !firedSincePoll;
        firedSincePoll = false;
        if (endWaiting && !ranOut) {
            wakeBy(System.currentTimeMillis() + 1);
        }
        return endWaiting && ranOut;
    }

    /** Whether a step on this thread ended an instance whose commit has not been asked for yet. */
    boolean endWaiting() {
        return endWaiting;
    }

    /** Whether to ask for a commit now: an end waits and the thread ran out of input. */
    boolean commitNow() {
        if (endWaiting && ranOut) {
            endWaiting = false;
            return true;
        }
        return false;
    }

    /** A record took {@code nanos} of this thread, ending at {@code nowNanos} ({@link System#nanoTime}). */
    void applied(long nanos, long nowNanos) {
        sweepCredit = Math.min(sweepCredit + nanos, INPUT_FLOWS_NANOS);
        lastInputAt = nowNanos;
        anyInput = true;
    }

    /**
     * How long a timer sweep may fire, at most {@code maxNanos}: all of it when this thread applied no
     * input in the last {@link #INPUT_FLOWS_NANOS}; else the time input got beyond what sweeps took,
     * possibly none (the sweep still fires one timer).
     */
    long sweepBudgetNanos(long maxNanos, long nowNanos) {
        if (!anyInput || nowNanos - lastInputAt > INPUT_FLOWS_NANOS) {
            sweepCredit = 0;
            return maxNanos;
        }
        return Math.clamp(sweepCredit, 0, maxNanos);
    }

    /** A sweep took {@code nanos}: input gets that much before the next sweep gets more than one timer. */
    void swept(long nanos, long maxNanos) {
        sweepCredit = Math.max(sweepCredit - nanos, -maxNanos);
    }

    /** Task {@code task} runs its sweeps. */
    void taskActive(TaskId task) {
        tasks.put(task, ACTIVE);
    }

    /** Task {@code task} stopped its sweeps until {@code wakeAtMillis} (epoch) or its next input. */
    void taskIdle(TaskId task, long wakeAtMillis) {
        tasks.put(task, wakeAtMillis);
    }

    /** Task {@code task} left this thread. */
    void taskClosed(TaskId task) {
        tasks.remove(task);
    }

    /** When the first idle task wakes if every task of this thread idles (epoch ms); else {@link #ACTIVE}. */
    private long allIdleUntil() {
        long until = tasks.isEmpty() ? ACTIVE : Long.MAX_VALUE;
        for (long wake : tasks.values()) {
            if (wake == ACTIVE) {
                return ACTIVE;
            }
            until = Math.min(until, wake);
        }
        return until;
    }

    /** A processor's next timer is due at {@code millis} (epoch); the thread should not sleep past it. */
    void wakeBy(long millis) {
        wakeAt = Math.min(wakeAt, millis);
    }

    /**
     * How long the consumer may wait for input, at most {@code timeout} ({@link #IDLE_POLL_MILLIS} while
     * every task idles): not past the earliest due timer the processors announced since the last wait
     * (they announce again at every punctuation), nor past an idle task's wake-up.
     */
    Duration pollTimeout(Duration timeout, long nowMillis) {
        long idleUntil = allIdleUntil();
        if (idleUntil != ACTIVE && timeout.toMillis() < IDLE_POLL_MILLIS) {
            timeout = Duration.ofMillis(Math.clamp(idleUntil - nowMillis, timeout.toMillis(), IDLE_POLL_MILLIS));
        }
        long wake = wakeAt;
        wakeAt = Long.MAX_VALUE;
        if (wake == Long.MAX_VALUE) {
            return timeout;
        }
        if (wake <= nowMillis) {
            return Duration.ZERO; // due already, or not known yet (a task before its first sweep)
        }
        long untilDue = wake - nowMillis;
        return untilDue < timeout.toMillis() ? Duration.ofMillis(untilDue) : timeout;
    }
}
