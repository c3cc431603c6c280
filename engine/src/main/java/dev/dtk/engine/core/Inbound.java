package dev.dtk.engine.core;

import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.Command;
import java.time.Instant;

/** Something that happened to an instance: a command, an activity result or a due timer. */
public sealed interface Inbound {

    /** A record from {@code dtk.commands}. */
    record CommandReceived(Command command) implements Inbound {
    }

    /** A record from {@code dtk.activity-results}. */
    record ResultReceived(ActivityResult result) implements Inbound {
    }

    /** Timer {@code timerId} of execution {@code executionId} is due (found by the timer sweep). */
    record TimerDue(String executionId, int timerId, Instant fireAt) implements Inbound {
    }
}
