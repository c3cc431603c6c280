package dev.dtk.topics;

import java.util.Map;
import java.util.Objects;

/**
 * A topic as dtk wants it.
 *
 * @param coPartitioned whether this topic belongs to the engine's co-partitioned inputs
 *     (commands and activity results), whose partition counts must match
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs,
        boolean coPartitioned) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }
}
