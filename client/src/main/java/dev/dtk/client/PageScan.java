package dev.dtk.client;

import dev.dtk.client.internal.StatusView;
import dev.dtk.topics.message.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * One page of a query: the view's statuses in instance ID order, with the starts this client
 * accepted and the view does not show yet merged in at their place, so that a query right after a
 * start lists it.
 */
final class PageScan {

    private final InstanceQuery query;
    private final int pageSize;
    private final NavigableMap<String, InstanceStatus> accepted;
    private final List<InstanceStatus> page = new ArrayList<>();
    private boolean more;

    PageScan(InstanceQuery query, int pageSize, NavigableMap<String, InstanceStatus> accepted) {
        this.query = query;
        this.pageSize = pageSize;
        this.accepted = accepted;
    }

    InstancePage scan(StatusView view, String afterId) {
        view.scan(afterId, query.prefix(), status -> {
            while (!accepted.isEmpty() && accepted.firstKey().compareTo(status.instanceId()) < 0) {
                Map.Entry<String, InstanceStatus> start = accepted.pollFirstEntry();
                if (!offer(view.local(start.getKey()).orElse(start.getValue()))) {
                    return false;
                }
            }
            accepted.remove(status.instanceId());
            return offer(view.local(status.instanceId()).orElse(status));
        });
        while (!more && !accepted.isEmpty()) {
            Map.Entry<String, InstanceStatus> start = accepted.pollFirstEntry();
            offer(view.local(start.getKey()).orElse(start.getValue()));
        }
        return new InstancePage(page, more ? InstancePage.token(page.getLast().instanceId()) : null);
    }

    /** Adds {@code status} when it matches; false once the page is full and one more matched. */
    private boolean offer(InstanceStatus status) {
        if (!query.test(status)) {
            return true;
        }
        if (page.size() == pageSize) {
            more = true;
            return false;
        }
        page.add(status);
        return true;
    }
}
