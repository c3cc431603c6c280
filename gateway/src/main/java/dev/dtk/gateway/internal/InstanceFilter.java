package dev.dtk.gateway.internal;

import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.Set;

/** The instance filters of the query and purge routes: created time range, runtime statuses, ID prefix. */
public record InstanceFilter(Instant createdFrom, Instant createdTo, Set<RuntimeStatus> statuses, String prefix) {

    public static InstanceFilter of(ApiRequest request) {
        String prefix = request.param("instanceIdPrefix");
        return new InstanceFilter(request.instant("createdTimeFrom"), request.instant("createdTimeTo"),
                request.statuses("runtimeStatus"), prefix == null || prefix.isEmpty() ? null : prefix);
    }

    public boolean test(InstanceStatus status) {
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
