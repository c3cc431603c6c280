package dev.dtk.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When status records arrived, per partition of {@code dtk.instance-status} ({@link System#nanoTime()}):
 * under a steady load every partition that an engine processes has some every few milliseconds, so a
 * long silence on one is a partition not processed.
 */
final class PartitionPulse {

    private final Map<Integer, List<Long>> arrivals = new TreeMap<>();

    synchronized void seen(int partition) {
        arrivals.computeIfAbsent(partition, p -> new ArrayList<>()).add(System.nanoTime());
    }

    /** The first arrival on each partition at or after {@code nanos}; partitions without one are left out. */
    synchronized Map<Integer, Long> firstAfter(long nanos) {
        Map<Integer, Long> first = new TreeMap<>();
        arrivals.forEach((p, times) -> times.stream().filter(t -> t >= nanos).findFirst()
                .ifPresent(t -> first.put(p, t)));
        return first;
    }

    /** The longest silence of any partition between {@code from} and {@code to}. */
    synchronized Gap longestGap(long from, long to) {
        Gap longest = new Gap(-1, 0, from);
        for (var entry : arrivals.entrySet()) {
            long previous = from;
            for (long t : entry.getValue()) {
                if (t < from) {
                    continue;
                }
                if (t > to) {
                    break;
                }
                if (t - previous > longest.nanos()) {
                    longest = new Gap(entry.getKey(), t - previous, t);
                }
                previous = t;
            }
            if (to - previous > longest.nanos()) {
                longest = new Gap(entry.getKey(), to - previous, -1);
            }
        }
        return longest;
    }

    /** A silence of {@code nanos} on {@code partition} that ended at {@code endedAt} (-1: it had not ended). */
    record Gap(int partition, long nanos, long endedAt) {
    }
}
