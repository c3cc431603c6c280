package dev.dtk.bench.chaos;

import dev.dtk.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How long the work of a killed process waited. Before the kill it notes the partitions the victim
 * owns (for a broker: those it leads) and the offsets its group had committed on them; afterwards it
 * samples every 200 ms, and for each of those partitions measures from the moment work was waiting
 * there (at the kill, or when the first record arrived after it) to the first progress of the group
 * on it, wherever the partition went (a survivor, or the restarted process). The recovery is the
 * longest of those waits.
 */
final class RecoveryProbe {

    static final String ENGINE_GROUP = "dtk-engine";
    private static final long SAMPLE_MS = 200;

    private final Admin admin;
    private final Function<String, String> ownerName;

    /** @param ownerName the service a group member's client ID belongs to */
    RecoveryProbe(Admin admin, Function<String, String> ownerName) {
        this.admin = admin;
        this.ownerName = ownerName;
    }

    /** A group's partitions to watch, with what was committed and written when the process died. */
    record Snapshot(Map<String, Map<TopicPartition, Long>> committed, Map<TopicPartition, Long> ends, String note) {

        boolean isEmpty() {
            return committed.values().stream().allMatch(Map::isEmpty);
        }
    }

    /** What a recovery measured. */
    public record Result(Duration waited, Set<String> resumedOn, String note) {
    }

    static String groupOf(Service service) {
        return service.role() == Service.Role.ENGINE ? ENGINE_GROUP : "dtk-workers-" + service.queue();
    }

    /** The partitions {@code victim} owns now, in its group. */
    Snapshot ofService(Service victim) throws Exception {
        String group = groupOf(victim);
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                .get(group).get(5, TimeUnit.SECONDS);
        List<TopicPartition> owned = new ArrayList<>();
        for (MemberDescription member : description.members()) {
            if (member.clientId().equals(victim.clientId()) || member.clientId().startsWith(victim.clientId() + "-")) {
                owned.addAll(member.assignment().topicPartitions());
            }
        }
        String note = "";
        if (owned.isEmpty()) {
            owned.addAll(description.members().stream().flatMap(m -> m.assignment().topicPartitions().stream())
                    .toList());
            note = "it owned no partition at the kill (group " + description.groupState() + "): all watched";
        }
        return snapshot(Map.of(group, owned), note);
    }

    /** The partitions broker {@code nodeId} leads now, in every group that reads them. */
    Snapshot ofBroker(int nodeId, Collection<String> queues) throws Exception {
        Map<String, List<TopicPartition>> byGroup = new HashMap<>();
        List<String> topics = new ArrayList<>(List.of(Topics.COMMANDS, Topics.ACTIVITY_RESULTS));
        queues.forEach(q -> topics.add(Topics.tasks(q)));
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        described.forEach((topic, description) -> description.partitions().forEach(p -> {
            if (p.leader() != null && p.leader().id() == nodeId) {
                String group = topic.startsWith(Topics.TASKS_PREFIX)
                        ? "dtk-workers-" + topic.substring(Topics.TASKS_PREFIX.length()) : ENGINE_GROUP;
                byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(new TopicPartition(topic, p.partition()));
            }
        }));
        return snapshot(byGroup, "");
    }

    private Snapshot snapshot(Map<String, List<TopicPartition>> byGroup, String note) throws Exception {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        List<TopicPartition> all = new ArrayList<>();
        for (var entry : byGroup.entrySet()) {
            Map<TopicPartition, Long> offsets = committed(entry.getKey());
            Map<TopicPartition, Long> watched = new HashMap<>();
            entry.getValue().forEach(p -> watched.put(p, offsets.getOrDefault(p, 0L)));
            committed.put(entry.getKey(), watched);
            all.addAll(entry.getValue());
        }
        return new Snapshot(committed, ends(all), note);
    }

    /** Samples until every watched partition with work waiting made progress, or {@code max} passed. */
    Result await(Snapshot at, long killedAtNanos, Duration max) throws Exception {
        if (at.isEmpty()) {
            return new Result(Duration.ZERO, Set.of(), at.note().isEmpty() ? "nothing to watch" : at.note());
        }
        Map<TopicPartition, Long> workSince = new HashMap<>();
        Map<TopicPartition, Long> waited = new HashMap<>();
        at.ends().forEach((p, end) -> {
            if (end > committedAt(at, p)) {
                workSince.put(p, killedAtNanos);
            }
        });
        int watched = at.ends().size();
        // sampled at the kill: the process may have had work in hand that nobody committed yet
        long deadline = killedAtNanos + max.toNanos();
        while (System.nanoTime() < deadline && waited.size() < watched) {
            Thread.sleep(SAMPLE_MS);
            long now = System.nanoTime();
            Map<TopicPartition, Long> ends;
            Map<String, Map<TopicPartition, Long>> offsetsByGroup = new HashMap<>();
            try {
                ends = ends(new ArrayList<>(at.ends().keySet()));
                for (String group : at.committed().keySet()) {
                    offsetsByGroup.put(group, committed(group));
                }
            } catch (Exception e) {
                continue; // the cluster cannot answer now (a broker is down): sample again
            }
            for (var group : at.committed().entrySet()) {
                Map<TopicPartition, Long> offsets = offsetsByGroup.get(group.getKey());
                for (var partition : group.getValue().entrySet()) {
                    TopicPartition p = partition.getKey();
                    if (waited.containsKey(p)) {
                        continue;
                    }
                    if (!workSince.containsKey(p) && ends.getOrDefault(p, 0L) > partition.getValue()) {
                        workSince.put(p, now);
                    }
                    if (offsets.getOrDefault(p, 0L) > partition.getValue() && workSince.containsKey(p)) {
                        waited.put(p, now - workSince.get(p));
                    }
                }
            }
            long since = now - killedAtNanos;
            if (waited.size() == workSince.size() && since > 2_000_000_000L
                    && (!workSince.isEmpty() || since > 10_000_000_000L)) {
                break; // every partition that had work resumed; the others had none for a while
            }
        }
        Set<TopicPartition> stuck = new TreeSet<>(java.util.Comparator.comparing(TopicPartition::toString));
        stuck.addAll(workSince.keySet());
        stuck.removeAll(waited.keySet());
        if (!stuck.isEmpty()) {
            return new Result(null, Set.of(), "no progress within " + max.toSeconds() + " s on " + stuck);
        }
        if (workSince.isEmpty()) {
            return new Result(Duration.ZERO, Set.of(), "no work reached its partitions");
        }
        var slowest = waited.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        String note = (at.note().isEmpty() ? "" : at.note() + "; ") + "longest on " + slowest.getKey() + " of "
                + waited.size() + " with work";
        return new Result(Duration.ofNanos(slowest.getValue()), owners(at), note);
    }

    private static long committedAt(Snapshot at, TopicPartition p) {
        return at.committed().values().stream().filter(m -> m.containsKey(p)).findFirst().map(m -> m.get(p))
                .orElse(0L);
    }

    private Set<String> owners(Snapshot at) {
        Set<String> names = new TreeSet<>();
        try {
            for (var group : at.committed().entrySet()) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group.getKey()))
                        .describedGroups().get(group.getKey()).get(5, TimeUnit.SECONDS);
                for (MemberDescription member : description.members()) {
                    if (member.assignment().topicPartitions().stream().anyMatch(group.getValue()::containsKey)) {
                        names.add(ownerName.apply(member.clientId()));
                    }
                }
            }
        } catch (Exception e) {
            names.add("?");
        }
        return names;
    }

    private Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
        Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((p, o) -> {
            if (o != null) {
                result.put(p, o.offset());
            }
        });
        return result;
    }

    private Map<TopicPartition, Long> ends(List<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
