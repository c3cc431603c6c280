package dev.dtk.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What (v) saw while engine-2 joined: the engine group's assignments, the status partitions' pulses
 * and every instance's start and completion. The rebalance runs from engine-2's first appearance in
 * the group to the first status record on every partition after the group's last change of
 * assignment; the longest stall is the longest start → completion of an instance in flight meanwhile.
 */
final class JoinRun {

    private static final String JOINER = "engine-2";

    private final long launched;
    private final long loadEnd;
    private final ClosedLoop.Result load;
    private final List<EngineGroupWatch.Sample> changes;
    private final PartitionPulse pulse;

    JoinRun(long launched, long loadEnd, ClosedLoop.Result load, EngineGroupWatch group, PartitionPulse pulse) {
        this.launched = launched;
        this.loadEnd = loadEnd;
        this.load = load;
        this.changes = group.changes();
        this.pulse = pulse;
    }

    void printTimeline(PrintStream out) {
        for (EngineGroupWatch.Sample change : changes) {
            out.printf("    %+6.1f s after engine-2's launch: %s%n", seconds(change.nanos() - launched), change.owned());
        }
    }

    List<String> rows(PrintStream out) {
        long joined = first(s -> s.owned().containsKey(JOINER));
        long owning = first(s -> !s.owned().getOrDefault(JOINER, new TreeSet<>()).isEmpty());
        long lastChange = changes.isEmpty() ? -1 : changes.getLast().nanos();
        Map<String, TreeSet<Integer>> end = changes.isEmpty() ? Map.of() : changes.getLast().owned();
        List<String> rows = new ArrayList<>();
        String rebalance;
        long settled = -1;
        if (joined < 0 || owning < 0) {
            rebalance = joined < 0 ? "engine-2 never appeared in the group"
                    : "engine-2 took no partition within " + fmt(loadEnd - joined) + " s of load after its join";
        } else {
            Map<Integer, Long> resumed = pulse.firstAfter(lastChange);
            int partitions = pulse.firstAfter(0).size();
            if (resumed.size() < partitions) {
                rebalance = "not every partition had a status record after the last change of assignment";
            } else {
                settled = resumed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                rebalance = fmt(settled - joined) + " s";
            }
            rebalance += String.format(" (launch → join %s s; join → its first partition %s s; at the end %s)",
                    fmt(joined - launched), fmt(owning - joined), end);
        }
        long from = joined < 0 ? launched : joined;
        long until = settled < 0 ? loadEnd : settled;
        long stall = load.spans().stream().filter(s -> s.completedNanos() > from && s.startedNanos() < until)
                .mapToLong(s -> s.completedNanos() - s.startedNanos()).max().orElse(0);
        Percentiles before = new Percentiles(load.spans().stream().filter(s -> s.completedNanos() < launched)
                .map(s -> (s.completedNanos() - s.startedNanos()) / 1_000).toList());
        PartitionPulse.Gap gap = pulse.longestGap(from, loadEnd);
        rows.add("| (v) engine-2 joins under load: rebalance, from its join of the group to a status record on every"
                + " partition after the last change of assignment | " + rebalance + " |");
        rows.add(String.format("| (v) same: longest instance stall (start → completion of an instance in flight during"
                + " the rebalance) | %s s (before the launch: p50 %.1f ms, p99 %.1f ms, max %.1f ms) |", fmt(stall),
                before.p(50), before.p(99), before.max()));
        rows.add(String.format("| (v) same: longest silence of one status partition after the join | %s s (partition"
                + " %d%s) |", fmt(gap.nanos()), gap.partition(), gap.endedAt() < 0 ? ", not over at the end of the load" : ""));
        rows.add(String.format("| (v) same: the whole load (%,d instances) | %.0f orchestrations/s; start → completion"
                + " %s |", load.spans().size(), load.perSecond(), load.latency()));
        out.printf("longest instance stall %s s; rebalance %s%n", fmt(stall), settled < 0 ? "(none measured)"
                : fmt(settled - joined) + " s");
        return rows;
    }

    private long first(java.util.function.Predicate<EngineGroupWatch.Sample> test) {
        return changes.stream().filter(test).mapToLong(EngineGroupWatch.Sample::nanos).findFirst().orElse(-1);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String fmt(long nanos) {
        return String.format("%.1f", seconds(nanos));
    }
}
