package dev.dtk.topics;

import java.util.regex.Pattern;

/**
 * A task hub: one app's (or team's) own set of dtk names on a shared Kafka cluster. Every topic
 * ({@code <hub>.commands}, {@code <hub>.tasks.<queue>}, ...), the engine's Kafka Streams application ID
 * (and with it its consumer group, internal topics and transactional IDs) and the workers' consumer
 * groups derive from the hub's name, so that ACLs on the prefix {@code <hub>.} give one principal
 * exactly one hub.
 *
 * <p>The default hub {@value #DEFAULT_NAME} keeps the names dtk had before hubs: its engine is
 * {@code dtk-engine} and its workers' groups {@code dtk-workers-<queue>}, so that an upgrade keeps its
 * engine state and its workers' offsets. A hub name is what Kafka allows in a topic name except
 * {@code .} (which separates the hub from the rest, so no hub's prefix covers another's), at most
 * {@value #MAX_LENGTH} characters, and does not start with {@code dtk-} (the default hub's engine and
 * workers use such names).
 */
public final class Hub {

    public static final String DEFAULT_NAME = "dtk";
    /** The default hub: today's names, byte for byte. */
    public static final Hub DEFAULT = new Hub(DEFAULT_NAME);
    /** The environment variable of the hub. */
    public static final String ENV = "DTK_HUB";
    static final int MAX_LENGTH = 40;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1," + MAX_LENGTH + "}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private final String name;
    private final String prefix;

    private Hub(String name) {
        this.name = name;
        this.prefix = name + ".";
    }

    /**
     * The hub called {@code name}.
     *
     * @throws IllegalArgumentException saying what is wrong with the name and what a name may be
     */
    public static Hub of(String name) {
        if (DEFAULT_NAME.equals(name)) {
            return DEFAULT;
        }
        String rule = "use 1-" + MAX_LENGTH + " letters, digits, '_' or '-' (Kafka's topic-name characters"
                + " without '.', which separates the hub from the rest of each name)";
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the hub name (DTK_HUB, --hub) is empty: " + rule);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid hub name '" + name + "' (DTK_HUB, --hub): " + rule);
        }
        if (name.startsWith("dtk-")) {
            throw new IllegalArgumentException("invalid hub name '" + name + "' (DTK_HUB, --hub): names starting"
                    + " with 'dtk-' are reserved for the default hub's engine and workers (dtk-engine,"
                    + " dtk-workers-<queue>); choose another name");
        }
        return new Hub(name);
    }

    /** The hub named by {@code DTK_HUB} in {@code env}, else the default hub. */
    public static Hub fromEnvironment(java.util.Map<String, String> env) {
        String given = env.get(ENV);
        return given == null || given.isBlank() ? DEFAULT : of(given.trim());
    }

    public String name() {
        return name;
    }

    public boolean isDefault() {
        return this == DEFAULT;
    }

    /** What every topic of this hub starts with, {@code <hub>.}: the prefix of its ACLs. */
    public String prefix() {
        return prefix;
    }

    /** {@code <hub>.commands}: start, raise event, terminate... keyed by instance ID. */
    public String commands() {
        return prefix + "commands";
    }

    /** {@code <hub>.activity-results}: co-partitioned with the commands. */
    public String activityResults() {
        return prefix + "activity-results";
    }

    /** {@code <hub>.instance-status}: the latest status of each instance (compacted). */
    public String instanceStatus() {
        return prefix + "instance-status";
    }

    /** {@code <hub>.entities}: the latest state of each entity (compacted). */
    public String entities() {
        return prefix + "entities";
    }

    /** {@code <hub>.dead-letters}: records that could not be processed, with the reason. */
    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /** What the topic of every activity queue starts with, {@code <hub>.tasks.}. */
    public String tasksPrefix() {
        return prefix + "tasks.";
    }

    /** The topic of an activity queue, {@code <hub>.tasks.<queue>}. */
    public String tasks(String queue) {
        if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException(
                    "invalid queue name '" + queue + "': use 1-200 letters, digits, '.', '_' or '-'");
        }
        return tasksPrefix() + queue;
    }

    /**
     * The engines' Kafka Streams application ID: their consumer group, the prefix of their internal
     * topics and of their transactional IDs. {@code <hub>.engine}; {@code dtk-engine} for the default hub.
     */
    public String engineApplicationId() {
        return isDefault() ? "dtk-engine" : prefix + "engine";
    }

    /** The consumer group of a queue's workers: {@code <hub>.workers.<queue>}; {@code dtk-workers-<queue>} for the default hub. */
    public String workerGroup(String queue) {
        tasks(queue);
        return isDefault() ? "dtk-workers-" + queue : prefix + "workers." + queue;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hub hub && hub.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
