package dev.dtk.bench;

import dev.dtk.bench.chaos.Service;
import dev.dtk.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which engine process owns which partition of {@code dtk.commands} (its active tasks), sampled every
 * 100 ms from the engines' consumer group as the broker describes it, until closed; keeps the changes.
 */
final class EngineGroupWatch implements AutoCloseable {

    private static final long SAMPLE_MS = 100;

    /** Members and their partitions at one moment ({@link System#nanoTime()}); engine name to partitions. */
    record Sample(long nanos, Map<String, TreeSet<Integer>> owned) {
    }

    private final Admin admin;
    private final List<Service> engines;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    EngineGroupWatch(Admin admin, List<Service> engines) {
        this.admin = admin;
        this.engines = engines;
        this.thread = Thread.ofPlatform().name("bench-engine-group").start(this::run);
    }

    /** The engine group now: engine name to the partitions of dtk.commands it owns. */
    static Map<String, TreeSet<Integer>> owned(Admin admin, List<Service> engines) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(ScaleOutCluster.ENGINE_GROUP))
                .describedGroups().get(ScaleOutCluster.ENGINE_GROUP).get(5, TimeUnit.SECONDS);
        Map<String, TreeSet<Integer>> owned = new TreeMap<>();
        for (MemberDescription member : group.members()) {
            String name = engines.stream().filter(e -> member.clientId().startsWith(e.clientId() + "-"))
                    .map(Service::name).findFirst().orElse(member.clientId());
            TreeSet<Integer> partitions = owned.computeIfAbsent(name, n -> new TreeSet<>());
            for (TopicPartition p : member.assignment().topicPartitions()) {
                if (p.topic().equals(Topics.COMMANDS)) {
                    partitions.add(p.partition());
                }
            }
        }
        return owned;
    }

    private void run() {
        while (running) {
            try {
                Map<String, TreeSet<Integer>> owned = owned(admin, engines);
                synchronized (samples) {
                    if (samples.isEmpty() || !samples.getLast().owned().equals(owned)) {
                        samples.add(new Sample(System.nanoTime(), owned));
                    }
                }
                Thread.sleep(SAMPLE_MS);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // the group cannot be described now: sample again
            }
        }
    }

    /** The first sample and every one whose assignment differs from the sample before it, in order. */
    List<Sample> changes() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
