package dev.dtk.engine.core;

import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.Command;
import java.time.Instant;
import java.util.List;

/** Something that happened to an instance: a command, an activity result or a due timer. */
public sealed interface Inbound {

    /**
     * A record from {@code dtk.commands}, read at {@code source} ({@code topic-partition@offset}, or null
     * when it did not come from Kafka). A start derives the new execution's ID from where its record
     * was read, so a step redone after a crash (the same record read again) gives the same ID.
     */
    record CommandReceived(Command command, String source) implements Inbound {

        public CommandReceived(Command command) {
            this(command, null);
        }
    }

    /** A record from {@code dtk.activity-results}. */
    record ResultReceived(ActivityResult result) implements Inbound {
    }

    /**
     * A record of several results of one instance's tasks ({@code dtk.activity-results}, type
     * {@code results}), applied in one step in their order: the same outcome as one step per result.
     */
    record ResultsReceived(List<ActivityResult> results) implements Inbound {
    }

    /** Timer {@code timerId} of execution {@code executionId} is due (found by the timer sweep). */
    record TimerDue(String executionId, int timerId, Instant fireAt) implements Inbound {
    }
}
