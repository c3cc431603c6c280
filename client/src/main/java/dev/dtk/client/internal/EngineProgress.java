package dev.dtk.client.internal;

import dev.dtk.topics.Hub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the engines have processed every command written to {@code <hub>.commands} before a given
 * moment: their consumer group's committed offsets have reached the end offsets of then. This is
 * how a client answers for starts another client accepted (read your writes across gateways) with
 * one writer per topic. The engine commits the offset after the last record it processed, so a
 * partition ending in transaction markers counts as processed once only markers remain (a
 * read_committed probe finds no record between the committed offset and the end).
 */
public final class EngineProgress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineProgress.class);
    private static final Duration ASK = Duration.ofSeconds(2);

    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> probe;
    private final String engineGroup;
    private final String commands;
    private final ExecutorService thread;
    private final java.util.Queue<Waiter> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private List<TopicPartition> partitions;

    /** Watches {@code engineGroup}, the engines of {@code hub}, on the hub's commands topic. */
    public EngineProgress(Map<String, Object> kafka, Hub hub, String engineGroup) {
        this.commands = hub.commands();
        Map<String, Object> admin = new HashMap<>(kafka);
        admin.keySet().removeIf(key -> !org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(key)
                && !key.startsWith("sasl.") && !key.startsWith("ssl.") && !key.startsWith("security."));
        this.admin = Admin.create(admin);
        Map<String, Object> probe = new HashMap<>(kafka);
        probe.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        probe.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        probe.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.probe = new KafkaConsumer<>(probe, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.engineGroup = engineGroup;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "dtk-client-engine-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Completes with true once the engines processed everything written before this call; false after
     * {@code timeout}. Callers that ask while a check runs share the next one: it reads the end offsets
     * after they asked, so it covers all of them, and a crowd of callers costs one check, not one each.
     */
    public CompletableFuture<Boolean> caughtUp(Duration timeout) {
        Waiter waiter = new Waiter(System.nanoTime() + timeout.toNanos(), new CompletableFuture<>());
        waiting.add(waiter);
        thread.execute(this::checkWaiting);
        return waiter.done();
    }

    private record Waiter(long deadline, CompletableFuture<Boolean> done) {
    }

    /** Takes every caller waiting now and answers them all with one check (runs on the progress thread). */
    private void checkWaiting() {
        List<Waiter> batch = new ArrayList<>();
        for (Waiter w; (w = waiting.poll()) != null; ) {
            batch.add(w);
        }
        if (batch.isEmpty()) {
            return;
        }
        long deadline = batch.stream().mapToLong(Waiter::deadline).max().orElseThrow();
        boolean done = check(batch, deadline);
        batch.forEach(w -> w.done().complete(done));
    }

    private boolean check(List<Waiter> batch, long deadline) {
        try {
            // both questions at once: each answer is from after the callers asked, so committed offsets at or
            // past those end offsets cover everything written before, whichever answer is the older
            var asked = admin.listConsumerGroupOffsets(engineGroup).partitionsToOffsetAndMetadata();
            Map<TopicPartition, Long> ends = ends();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = asked.get(ASK.toMillis(), TimeUnit.MILLISECONDS);
                List<TopicPartition> behind = new ArrayList<>();
                ends.forEach((partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    long done = offset == null ? 0 : offset.offset();
                    if (done < end && !onlyMarkersBetween(partition, done, end)) {
                        behind.add(partition);
                    }
                });
                if (behind.isEmpty()) {
                    return true;
                }
                long now = System.nanoTime();
                // a caller whose own time is up hears "not yet" now; the others keep waiting
                batch.removeIf(w -> now > w.deadline() && w.done().complete(false));
                if (now > deadline || batch.isEmpty()) {
                    LOG.debug("the engines have not processed {} up to {} yet", behind, ends);
                    return false;
                }
                Thread.sleep(10);
                asked = admin.listConsumerGroupOffsets(engineGroup).partitionsToOffsetAndMetadata();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot tell how far the engines are: {}", e.toString());
            return false;
        }
    }

    private Map<TopicPartition, Long> ends() throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions == null) {
            partitions = admin.describeTopics(List.of(commands)).allTopicNames()
                    .get(ASK.toMillis(), TimeUnit.MILLISECONDS).get(commands).partitions().stream()
                    .map(p -> new TopicPartition(commands, p.partition())).toList();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets = admin.listOffsets(latest).all()
                .get(ASK.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> ends = new HashMap<>();
        offsets.forEach((partition, info) -> ends.put(partition, info.offset()));
        return ends;
    }

    /** Whether nothing but transaction markers (or aborted records) lies in [{@code from}, {@code to}). */
    private boolean onlyMarkersBetween(TopicPartition partition, long from, long to) {
        probe.assign(List.of(partition));
        probe.seek(partition, from);
        long deadline = System.nanoTime() + Duration.ofMillis(100).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : probe.poll(Duration.ofMillis(20))) {
                if (record.offset() < to) {
                    return false;
                }
            }
            if (probe.position(partition) >= to) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probe.close(Duration.ofSeconds(1));
        admin.close(Duration.ofSeconds(1));
    }
}
