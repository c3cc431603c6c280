package dev.dtk.client.internal;

import dev.dtk.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies {@code dtk.instance-status} into the {@link StatusStore}, every partition from the start
 * (read_committed, no consumer group: each gateway has a full view of its own). Also answers
 * "has the view caught up with everything written so far?": a caller asks with {@link #catchUp()};
 * the feed reads the end offsets once for all callers waiting and completes their futures when its
 * position reaches them. The end offsets are the high watermarks (read_uncommitted), not the
 * last stable offsets: a status another gateway wrote after the start of an engine transaction
 * that is still open lies beyond the last stable offset, and must be waited for too. The
 * consumers are touched by the feed's own thread only.
 */
public final class StatusFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusFeed.class);

    /** How long a catch-up request may wait before the feed notices it, at most. */
    private static final Duration POLL = Duration.ofMillis(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaConsumer<byte[], byte[]> offsets;
    private final StatusStore store;
    private final Queue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Thread thread;
    private volatile Consumer<Set<String>> onWritten = ids -> { };
    private volatile boolean running = true;

    private record Waiter(Map<TopicPartition, Long> targets, CompletableFuture<Void> done) {
    }

    public StatusFeed(Map<String, Object> kafka, StatusStore store) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> offsetProps = new HashMap<>(props);
        offsetProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.offsets = new KafkaConsumer<>(offsetProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.store = store;
        this.thread = new Thread(this::run, "dtk-gateway-status-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** {@code listener} learns, on the feed's thread, which instances each written batch touched. */
    public void onWritten(Consumer<Set<String>> listener) {
        this.onWritten = listener;
    }

    /** Completes once the view holds every status record committed before this call. */
    public CompletableFuture<Void> catchUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        requests.add(done);
        return done;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            LOG.info("status view: reading {} partitions of {}", partitions.size(), Topics.INSTANCE_STATUS);
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    write(records);
                }
                serve(partitions);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("the status view stopped reading {}", Topics.INSTANCE_STATUS, e);
            }
        } finally {
            requests.forEach(r -> r.completeExceptionally(new IllegalStateException("the status view is closed")));
            waiters.forEach(w -> w.done().completeExceptionally(new IllegalStateException("the status view is closed")));
            consumer.close(Duration.ofSeconds(1));
            offsets.close(Duration.ofSeconds(1));
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.INSTANCE_STATUS, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            LOG.warn("topic {} not found yet; create the topics (dtk topics create)", Topics.INSTANCE_STATUS);
        }
        throw new WakeupException();
    }

    private void write(ConsumerRecords<String, byte[]> records) {
        Set<String> ids = new HashSet<>();
        try (StatusStore.Batch batch = store.batch()) {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (record.key() != null) {
                    batch.put(record.key(), record.value());
                    ids.add(record.key());
                }
            }
            batch.commit();
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException("cannot write the status view: " + e.getMessage(), e);
        }
        onWritten.accept(ids);
    }

    private void serve(List<TopicPartition> partitions) {
        if (!requests.isEmpty()) {
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (CompletableFuture<Void> r; (r = requests.poll()) != null; ) {
                batch.add(r);
            }
            Map<TopicPartition, Long> ends = offsets.endOffsets(partitions);
            batch.forEach(done -> waiters.add(new Waiter(ends, done)));
        }
        waiters.removeIf(w -> {
            for (Map.Entry<TopicPartition, Long> target : w.targets().entrySet()) {
                if (consumer.position(target.getKey()) < target.getValue()) {
                    return false;
                }
            }
            w.done().complete(null);
            return true;
        });
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
