package dev.dtk.engine.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which queue ({@code dtk.tasks.<queue>}) an activity goes to: the queue in the call's
 * {@code TaskOptions}, else {@code queueByActivity}, else {@code defaultQueue}. A queue that is
 * not in {@code knownQueues} fails the task at once.
 */
public record ActivityRouting(String defaultQueue, Map<String, String> queueByActivity, Set<String> knownQueues) {

    public ActivityRouting {
        Objects.requireNonNull(defaultQueue, "defaultQueue");
        queueByActivity = queueByActivity == null ? Map.of() : Map.copyOf(queueByActivity);
        knownQueues = knownQueues == null ? Set.of() : Set.copyOf(knownQueues);
    }

    /** One queue for every activity. */
    public static ActivityRouting single(String queue) {
        return new ActivityRouting(queue, Map.of(), Set.of(queue));
    }

    /** The queue for activity {@code activityName}, given the queue the call asked for (may be null). */
    public String queueFor(String activityName, String requestedQueue) {
        return Optional.ofNullable(requestedQueue)
                .or(() -> Optional.ofNullable(queueByActivity.get(activityName)))
                .orElse(defaultQueue);
    }

    public boolean isKnown(String queue) {
        return knownQueues.contains(queue);
    }

    /** Why a task for {@code queue} cannot be scheduled. */
    public String unknownQueueMessage(String queue) {
        return "no activity queue '" + queue + "' is configured; known queues: " + new TreeSet<>(knownQueues);
    }
}
