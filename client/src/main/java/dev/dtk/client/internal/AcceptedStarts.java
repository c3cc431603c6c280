package dev.dtk.client.internal;

import dev.dtk.topics.message.InstanceStatus;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The starts this client had acknowledged and the engine has not yet answered with a status: read
 * your writes without writing into the engine's status topic. An instance shows as Pending from
 * here until the view holds a status of another execution than the one it held when the start was
 * accepted (clock-free: a new instance has none, a restart of a finished one has a new execution).
 */
final class AcceptedStarts {

    private static final int MAX_ENTRIES = 100_000;

    private record Accepted(InstanceStatus pending, String previousExecutionId) {
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    /** Remembers the start of {@code pending}; {@code previous} is what the view held for the ID then. */
    void remember(InstanceStatus pending, Optional<InstanceStatus> previous) {
        if (accepted.size() >= MAX_ENTRIES) {
            Iterator<String> eldest = accepted.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        accepted.put(pending.instanceId(), new Accepted(pending, previous.map(InstanceStatus::executionId)
                .orElse(null)));
    }

    /** What a reader sees for {@code instanceId}, given what the view holds: the view, or a start it lacks. */
    Optional<InstanceStatus> resolve(String instanceId, Optional<InstanceStatus> viewed) {
        Accepted start = accepted.get(instanceId);
        if (start == null) {
            return viewed;
        }
        if (supersedes(viewed, start)) {
            accepted.remove(instanceId, start);
            return viewed;
        }
        return Optional.of(start.pending());
    }

    /** Accepted starts whose IDs the view may lack, in ID order, after {@code afterId} (null: all). */
    NavigableMap<String, InstanceStatus> after(String afterId) {
        TreeMap<String, InstanceStatus> sorted = new TreeMap<>();
        accepted.forEach((id, start) -> {
            if (afterId == null || id.compareTo(afterId) > 0) {
                sorted.put(id, start.pending());
            }
        });
        return sorted;
    }

    boolean isEmpty() {
        return accepted.isEmpty();
    }

    private static boolean supersedes(Optional<InstanceStatus> viewed, Accepted start) {
        return viewed.isPresent() && !Objects.equals(viewed.get().executionId(), start.previousExecutionId());
    }
}
