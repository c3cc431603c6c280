package dev.dtk.topics.message;

import java.util.List;
import java.util.Objects;

/**
 * Sent by the engine for an orchestration's {@code lockEntities}: the entity in the record's key,
 * {@code lockSet.get(position)}, locks itself for {@code caller} as soon as it is free, then passes the
 * request to the next entity of the set; the last one answers the caller with an
 * {@link EntityResponded} carrying the lock set. The set is sorted, so that every orchestration takes
 * locks in the same order and none waits for another in a cycle.
 */
public record LockEntities(int v, List<String> lockSet, int position, ParentInstance caller) implements Command {

    public LockEntities {
        v = WireMessage.versionOrDefault(v);
        lockSet = List.copyOf(Objects.requireNonNull(lockSet, "a lock-entities command needs its \"lockSet\""));
        if (position < 0 || position >= lockSet.size()) {
            throw new IllegalArgumentException("a lock-entities command's \"position\" " + position
                    + " is outside its lock set of " + lockSet.size());
        }
        Objects.requireNonNull(caller, "a lock-entities command needs its \"caller\"");
    }

    /** The request for the next entity of the set, or null when this was the last. */
    public LockEntities next() {
        return position + 1 < lockSet.size() ? new LockEntities(v, lockSet, position + 1, caller) : null;
    }
}
