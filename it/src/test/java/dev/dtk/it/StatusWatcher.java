package dev.dtk.it;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows {@code dtk.instance-status} and {@code dtk.dead-letters} like an outside service would
 * (read_committed), keeping the latest status of each instance and every dead letter.
 */
final class StatusWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Map<String, InstanceStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, List<InstanceStatus>> all = new ConcurrentHashMap<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    StatusWatcher(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new java.util.ArrayList<>();
        for (String topic : List.of(Topics.INSTANCE_STATUS, Topics.DEAD_LETTERS)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("status-watcher").start(this::run);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.topic().equals(Topics.DEAD_LETTERS)) {
                        deadLetters.add(DtkJson.read(r.value(), DeadLetter.class));
                    } else if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        InstanceStatus status = DtkJson.read(r.value(), InstanceStatus.class);
                        latest.put(r.key(), status);
                        all.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(status);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    InstanceStatus latest(String instanceId) {
        return latest.get(instanceId);
    }

    List<InstanceStatus> history(String instanceId) {
        return all.getOrDefault(instanceId, List.of());
    }

    List<DeadLetter> deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
