package dev.dtk.client;

import dev.dtk.topics.message.EntityStatus;
import java.time.Instant;
import java.util.Locale;

/**
 * Which entities a query means: of entity name {@code name} (null: any), whose last operation ran
 * within {@code [lastOperationFrom, lastOperationTo]}; {@code null} bounds do not filter.
 */
public record EntityQuery(String name, Instant lastOperationFrom, Instant lastOperationTo) {

    public EntityQuery {
        name = name == null || name.isBlank() ? null : name.toLowerCase(Locale.ROOT);
    }

    /** Every entity. */
    public static EntityQuery all() {
        return new EntityQuery(null, null, null);
    }

    /** Every entity named {@code entityName}. */
    public static EntityQuery named(String entityName) {
        return new EntityQuery(entityName, null, null);
    }

    public EntityQuery lastOperationBetween(Instant from, Instant to) {
        return new EntityQuery(name, from, to);
    }

    /** The ID prefix the query scans: {@code @} or {@code @name@}. */
    String prefix() {
        return name == null ? "@" : "@" + name + "@";
    }

    public boolean test(EntityStatus status) {
        Instant last = status.lastOperationTime();
        if (lastOperationFrom != null && (last == null || last.isBefore(lastOperationFrom))) {
            return false;
        }
        return lastOperationTo == null || (last != null && !last.isAfter(lastOperationTo));
    }
}
