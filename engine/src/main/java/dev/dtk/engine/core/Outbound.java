package dev.dtk.engine.core;

import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.Command;

/** A record a step produces. */
public sealed interface Outbound {

    /** Produce {@code task} to {@code dtk.tasks.<queue>}, keyed by its instance ID. */
    record ScheduleActivity(String queue, ActivityTask task) implements Outbound {
    }

    /** Produce {@code command} to {@code dtk.commands}, keyed by {@code instanceId}. */
    record SendCommand(String instanceId, Command command) implements Outbound {
    }
}
