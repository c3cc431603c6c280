package dev.dtk.bench;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Completes a future when an instance's status turns terminal, reading {@code dtk.instance-status}
 * as an outside service does: read_committed, so a completion counts only once it is committed.
 */
final class CompletionWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<InstanceStatus>> waiting = new ConcurrentHashMap<>();
    private final Thread thread;
    private final IntConsumer seenOnPartition;
    private volatile boolean running = true;

    CompletionWatcher(String bootstrapServers) {
        this(bootstrapServers, partition -> { });
    }

    /** As above, telling {@code seenOnPartition} the partition of every status record as it arrives. */
    CompletionWatcher(String bootstrapServers, IntConsumer seenOnPartition) {
        this.seenOnPartition = seenOnPartition;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Topics.INSTANCE_STATUS)
                .forEach(p -> partitions.add(new TopicPartition(Topics.INSTANCE_STATUS, p.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("bench-completions").start(this::run);
    }

    /** Registers interest before the instance is started, so its completion cannot be missed. */
    CompletableFuture<InstanceStatus> expect(String instanceId) {
        return waiting.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    seenOnPartition.accept(r.partition());
                    CompletableFuture<InstanceStatus> future = waiting.get(r.key());
                    if (future == null || r.value() == null) {
                        continue;
                    }
                    InstanceStatus status = DtkJson.read(r.value(), InstanceStatus.class);
                    if (status.runtimeStatus().isTerminal()) {
                        waiting.remove(r.key());
                        future.complete(status);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
