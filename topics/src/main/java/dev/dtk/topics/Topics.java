package dev.dtk.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names and settings of dtk's topics.
 *
 * <ul>
 *   <li>{@code dtk.commands}: start, raise event, terminate... keyed by instance ID (produced by the
 *       gateway, by outside services and by the engine itself);
 *   <li>{@code dtk.activity-results}: results of activities, keyed by instance ID, co-partitioned
 *       with commands so one engine task owns everything that happens to an instance;
 *   <li>{@code dtk.tasks.<queue>}: activity work items for the workers of one queue;
 *   <li>{@code dtk.instance-status}: the latest status of each instance (compacted);
 *   <li>{@code dtk.entities}: the latest state of each entity, keyed by entity ID (compacted);
 *   <li>{@code dtk.dead-letters}: records that could not be processed, with the reason.
 * </ul>
 */
public final class Topics {

    public static final String PREFIX = "dtk.";
    public static final String COMMANDS = PREFIX + "commands";
    public static final String ACTIVITY_RESULTS = PREFIX + "activity-results";
    public static final String INSTANCE_STATUS = PREFIX + "instance-status";
    public static final String DEAD_LETTERS = PREFIX + "dead-letters";
    public static final String ENTITIES = PREFIX + "entities";
    public static final String TASKS_PREFIX = PREFIX + "tasks.";
    public static final String DEFAULT_QUEUE = "default";

    private static final Pattern QUEUE_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private Topics() {
    }

    /** The topic of an activity queue, {@code dtk.tasks.<queue>}. */
    public static String tasks(String queue) {
        if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException(
                    "invalid queue name '" + queue + "': use 1-200 letters, digits, '.', '_' or '-'");
        }
        return TASKS_PREFIX + queue;
    }

    /**
     * Every topic dtk needs for the given activity queues. Commands and activity results must have the
     * same number of partitions; a replication factor of -1 means the broker's default.
     */
    public static List<TopicSpec> all(int partitions, short replicationFactor, Collection<String> queues) {
        return all(partitions, replicationFactor, queues, Limits.DEFAULT);
    }

    /** As above, with every topic's {@code max.message.bytes} set to the limits' record size. */
    public static List<TopicSpec> all(int partitions, short replicationFactor, Collection<String> queues,
            Limits limits) {
        String week = Long.toString(7 * DAY_MS);
        String maxBytes = Integer.toString(limits.maxRecordBytes());
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(COMMANDS, partitions, replicationFactor,
                Map.of("retention.ms", week, "max.message.bytes", maxBytes), true));
        specs.add(new TopicSpec(ACTIVITY_RESULTS, partitions, replicationFactor,
                Map.of("retention.ms", week, "max.message.bytes", maxBytes), true));
        specs.add(new TopicSpec(INSTANCE_STATUS, partitions, replicationFactor,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000", "max.message.bytes", maxBytes),
                false));
        specs.add(new TopicSpec(ENTITIES, partitions, replicationFactor,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000", "max.message.bytes", maxBytes),
                false));
        specs.add(new TopicSpec(DEAD_LETTERS, 1, replicationFactor,
                Map.of("retention.ms", Long.toString(30 * DAY_MS), "max.message.bytes", maxBytes), false));
        for (String queue : queues) {
            specs.add(new TopicSpec(tasks(queue), partitions, replicationFactor,
                    Map.of("retention.ms", week, "max.message.bytes", maxBytes), false));
        }
        return List.copyOf(specs);
    }
}
