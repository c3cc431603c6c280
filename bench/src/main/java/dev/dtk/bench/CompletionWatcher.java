package dev.dtk.bench;

import dev.dtk.client.DtkClient;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.InstanceStatus;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Completes a future when an instance's status turns terminal, as a service following its instances
 * sees it: from {@link DtkClient#onStatus}, the client's read_committed feed of {@code dtk.instance-status},
 * so a completion counts only once it is committed. The feed also delivers what the topic held before,
 * and entity keys (as empty): only the instances registered with {@link #expect} matter. Commands go
 * out through the same client ({@link #send}), so a start Kafka refuses fails its wait at once.
 */
final class CompletionWatcher {

    private final DtkClient client;
    private final int partitions;
    private final IntConsumer seenOnPartition;
    private final Map<String, CompletableFuture<InstanceStatus>> waiting = new ConcurrentHashMap<>();

    CompletionWatcher(DtkClient client) {
        this(client, 0, partition -> { });
    }

    /**
     * As above, also telling {@code seenOnPartition} the partition of every status as it arrives: the one
     * the key goes to on a topic of {@code partitions} partitions (dtk keys statuses by instance ID with
     * Kafka's default partitioner).
     */
    CompletionWatcher(DtkClient client, int partitions, IntConsumer seenOnPartition) {
        this.client = client;
        this.partitions = partitions;
        this.seenOnPartition = seenOnPartition;
        client.onStatus(this::seen);
    }

    /** Registers interest before the instance is started, so its completion cannot be missed. */
    CompletableFuture<InstanceStatus> expect(String instanceId) {
        return waiting.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    /**
     * Sends {@code command} to {@code instanceId} as it is ({@link DtkClient#send}: no checks, so no round
     * trip is added to a measured path); when Kafka refuses it, the instance's expected completion fails.
     */
    CompletableFuture<RecordMetadata> send(String instanceId, Command command) {
        return client.send(instanceId, command).whenComplete((ack, error) -> {
            if (error != null) {
                failed(instanceId, error);
            }
        });
    }

    private void failed(String instanceId, Throwable error) {
        CompletableFuture<InstanceStatus> future = waiting.remove(instanceId);
        if (future != null) {
            future.completeExceptionally(error);
        }
    }

    private void seen(String instanceId, Optional<InstanceStatus> status) {
        if (partitions > 0) {
            seenOnPartition.accept(Topics.partitionOf(instanceId, partitions));
        }
        if (status.isPresent() && status.get().runtimeStatus().isTerminal()) {
            CompletableFuture<InstanceStatus> future = waiting.remove(instanceId);
            if (future != null) {
                future.complete(status.get());
            }
        }
    }
}
