package dev.dtk.worker.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The commit position of every partition this worker works on. Used by the polling thread only;
 * the per-partition {@link PartitionOffsets} it hands out may be finished from any thread. A
 * partition that is {@linkplain #forget forgotten} (revoked) drops out: work still finishing on it no
 * longer moves any commit of this worker.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionOffsets> partitions = new HashMap<>();

    /** Records that {@code offset} of {@code partition} started; finish it through the returned handle. */
    public PartitionOffsets started(TopicPartition partition, long offset) {
        PartitionOffsets offsets = partitions.computeIfAbsent(partition, p -> new PartitionOffsets());
        offsets.started(offset);
        return offsets;
    }

    /** The offsets to commit for all partitions that have progressed since their last commit. */
    public Map<TopicPartition, Long> committable() {
        return committable(partitions.keySet());
    }

    /** The offsets to commit for those of {@code which} that have progressed since their last commit. */
    public Map<TopicPartition, Long> committable(Collection<TopicPartition> which) {
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition partition : which) {
            PartitionOffsets offsets = partitions.get(partition);
            OptionalLong offset = offsets == null ? OptionalLong.empty() : offsets.committable();
            offset.ifPresent(o -> result.put(partition, o));
        }
        return result;
    }

    /** The consumer stands at {@code position} on {@code partition}, with none of its records in hand. */
    public void passed(TopicPartition partition, long position) {
        PartitionOffsets tracked = partitions.get(partition);
        if (tracked != null) {
            tracked.passed(position);
        }
    }

    /** The given offsets were committed. */
    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            PartitionOffsets tracked = partitions.get(partition);
            if (tracked != null) {
                tracked.committed(offset);
            }
        });
    }

    /** Stops tracking the partitions (they were revoked or lost). */
    public void forget(Collection<TopicPartition> which) {
        which.forEach(partitions::remove);
    }

    /** Tasks started and not finished on {@code which}. */
    public int unfinishedCount(Collection<TopicPartition> which) {
        return which.stream().map(partitions::get).filter(java.util.Objects::nonNull)
                .mapToInt(PartitionOffsets::unfinishedCount).sum();
    }

    public int unfinishedCount() {
        return partitions.values().stream().mapToInt(PartitionOffsets::unfinishedCount).sum();
    }
}
