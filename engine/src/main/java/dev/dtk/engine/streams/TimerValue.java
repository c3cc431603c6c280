package dev.dtk.engine.streams;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.SignalEntity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The value of a timer in the {@code timers} store: the execution it belongs to, when it was due,
 * and how often its step was refused. A timer whose step is refused (an engine without the
 * orchestrator during a rolling deploy, a state that cannot be read) is kept and tried again after
 * a backoff, never dropped. Values written before retries existed hold only the execution ID.
 *
 * @param e the execution ID
 * @param f when the timer was due, epoch milliseconds (its key holds the next try's time)
 * @param a how many times its step was refused so far
 * @param s for an entity's scheduled signal: the signal to run when due (else null)
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
record TimerValue(String e, long f, int a, SignalEntity s) {

    /** The execution ID written for an entity's scheduled signal. */
    static final String ENTITY = "entity";

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    String executionId() {
        return e;
    }

    Instant fireAt() {
        return Instant.ofEpochMilli(f);
    }

    int attempts() {
        return a;
    }

    byte[] toBytes() {
        return DtkJson.write(this);
    }

    static TimerValue of(String executionId, Instant fireAt) {
        return new TimerValue(executionId, fireAt.toEpochMilli(), 0, null);
    }

    /** The timer of an entity's scheduled signal. */
    static TimerValue of(SignalEntity signal, Instant fireAt) {
        return new TimerValue(ENTITY, fireAt.toEpochMilli(), 0, signal);
    }

    /** The signal it holds for an entity, or null for an orchestration's timer. */
    SignalEntity signal() {
        return s;
    }

    /** Reads a value; a legacy one (the execution ID alone) is due at {@code keyMillis}. */
    static TimerValue fromBytes(byte[] value, long keyMillis) {
        if (value.length > 0 && value[0] == '{') {
            return DtkJson.read(value, TimerValue.class);
        }
        return new TimerValue(new String(value, StandardCharsets.UTF_8), keyMillis, 0, null);
    }

    /** This timer refused once more, and when to try it next. */
    TimerValue refused() {
        return new TimerValue(e, f, a + 1, s);
    }

    /** The wait before the next try: 1 s, doubling, at most a minute. */
    Duration backoff() {
        long millis = FIRST_RETRY.toMillis() << Math.min(a - 1, 16);
        return Duration.ofMillis(Math.min(Math.max(millis, FIRST_RETRY.toMillis()), MAX_RETRY.toMillis()));
    }
}
