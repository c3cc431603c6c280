package dev.dtk.topics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/**
 * The settings of dtk's topics, and the names of the default hub's ({@link Hub#DEFAULT}).
 *
 * <ul>
 *   <li>{@code <hub>.commands}: start, raise event, terminate... keyed by instance ID (produced by the
 *       gateway, by outside services and by the engine itself);
 *   <li>{@code <hub>.activity-results}: results of activities, keyed by instance ID, co-partitioned
 *       with commands so one engine task owns everything that happens to an instance;
 *   <li>{@code <hub>.tasks.<queue>}: activity work items for the workers of one queue;
 *   <li>{@code <hub>.instance-status}: the latest status of each instance (compacted);
 *   <li>{@code <hub>.entities}: the latest state of each entity, keyed by entity ID (compacted);
 *   <li>{@code <hub>.dead-letters}: records that could not be processed, with the reason.
 * </ul>
 *
 * The constants name the default hub's topics, for tools and tests that run on it; a service takes
 * its names from the {@link Hub} of its configuration.
 */
public final class Topics {

    public static final String PREFIX = Hub.DEFAULT.prefix();
    public static final String COMMANDS = Hub.DEFAULT.commands();
    public static final String ACTIVITY_RESULTS = Hub.DEFAULT.activityResults();
    public static final String INSTANCE_STATUS = Hub.DEFAULT.instanceStatus();
    public static final String DEAD_LETTERS = Hub.DEFAULT.deadLetters();
    public static final String ENTITIES = Hub.DEFAULT.entities();
    public static final String TASKS_PREFIX = Hub.DEFAULT.tasksPrefix();
    public static final String DEFAULT_QUEUE = "default";

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private Topics() {
    }

    /** The default hub's topic of an activity queue, {@code dtk.tasks.<queue>}. */
    /**
     * The partition of a topic with {@code partitions} partitions that a record keyed {@code key} (an
     * instance or entity ID) goes to: Kafka's default partitioner, which the engine expects of every
     * producer (it reroutes records that arrived elsewhere).
     */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static String tasks(String queue) {
        return Hub.DEFAULT.tasks(queue);
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
        return all(Hub.DEFAULT, partitions, replicationFactor, queues, limits);
    }

    /** Every topic of {@code hub}, as above. */
    public static List<TopicSpec> all(Hub hub, int partitions, short replicationFactor, Collection<String> queues,
            Limits limits) {
        String week = Long.toString(7 * DAY_MS);
        String maxBytes = Integer.toString(limits.maxRecordBytes());
        List<TopicSpec> specs = new ArrayList<>();
        specs.add(new TopicSpec(hub.commands(), partitions, replicationFactor,
                Map.of("retention.ms", week, "max.message.bytes", maxBytes), true));
        specs.add(new TopicSpec(hub.activityResults(), partitions, replicationFactor,
                Map.of("retention.ms", week, "max.message.bytes", maxBytes), true));
        specs.add(new TopicSpec(hub.instanceStatus(), partitions, replicationFactor,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000", "max.message.bytes", maxBytes),
                false));
        specs.add(new TopicSpec(hub.entities(), partitions, replicationFactor,
                Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000", "max.message.bytes", maxBytes),
                false));
        specs.add(new TopicSpec(hub.deadLetters(), 1, replicationFactor,
                Map.of("retention.ms", Long.toString(30 * DAY_MS), "max.message.bytes", maxBytes), false));
        for (String queue : queues) {
            specs.add(new TopicSpec(hub.tasks(queue), partitions, replicationFactor,
                    Map.of("retention.ms", week, "max.message.bytes", maxBytes), false));
        }
        return List.copyOf(specs);
    }
}
