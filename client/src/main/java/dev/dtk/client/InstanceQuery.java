package dev.dtk.client;

import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.Set;

/**
 * Which instances a query or a purge means: created within {@code [createdFrom, createdTo]}, in one
 * of {@code statuses} (empty: any), with an ID that starts with {@code prefix}; {@code null} bounds
 * do not filter.
 */
public record InstanceQuery(Instant createdFrom, Instant createdTo, Set<RuntimeStatus> statuses, String prefix) {

    public InstanceQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        prefix = prefix == null || prefix.isEmpty() ? null : prefix;
    }

    /** Every instance. */
    public static InstanceQuery all() {
        return new InstanceQuery(null, null, Set.of(), null);
    }

    public InstanceQuery withStatuses(Set<RuntimeStatus> values) {
        return new InstanceQuery(createdFrom, createdTo, values, prefix);
    }

    public InstanceQuery withPrefix(String value) {
        return new InstanceQuery(createdFrom, createdTo, statuses, value);
    }

    public InstanceQuery createdBetween(Instant from, Instant to) {
        return new InstanceQuery(from, to, statuses, prefix);
    }

    public boolean test(InstanceStatus status) {
        if (prefix != null && !status.instanceId().startsWith(prefix)) {
            return false;
        }
        Instant created = status.createdTime();
        if (createdFrom != null && (created == null || created.isBefore(createdFrom))) {
            return false;
        }
        if (createdTo != null && (created == null || created.isAfter(createdTo))) {
            return false;
        }
        return statuses.isEmpty() || statuses.contains(status.runtimeStatus());
    }
}
