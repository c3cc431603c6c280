package dev.dtk.client.internal;

import dev.dtk.client.DtkUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import dev.dtk.topics.Hub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
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
 * Copies {@code <hub>.instance-status} and {@code <hub>.entities} into the {@link StatusStore}, every partition from the start
 * (read_committed, no consumer group: each client has a full view of its own). Also answers
 * "has the view caught up with everything written so far?": a caller asks with {@link #catchUp()};
 * the feed reads the end offsets once for all callers waiting and completes their futures when its
 * position reaches them. The end offsets are the last stable offsets (read_committed): only engines
 * write these topics, always in transactions, so what a reader may see is what they committed, and
 * an engine killed in the middle of a transaction (which holds the high watermark ahead until the
 * broker aborts it, up to half a minute later) does not hold callers up meanwhile.
 *
 * <p>{@link #catchUpWritten()} is the stronger question of a caller who knows that the engines committed
 * a transaction (their group offsets passed its command): the broker makes the group offsets visible
 * before it writes the transaction's markers on the status partitions, so for a moment the last stable
 * offset there still ends before the transaction's statuses. That caller waits for the high watermark
 * instead, which the position passes only once every transaction open when it asked has ended.
 *
 * <p>The feed never gives up: when Kafka cannot be reached (a broker restart, a client started before
 * its cluster) it says so in {@link KafkaHealth}, fails the callers waiting with a
 * {@link DtkUnavailableException} at once, and tries again until Kafka answers, then catches up from
 * where it was. The consumers are touched by the feed's own thread only.
 */
public final class StatusFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusFeed.class);

    /** How long the feed waits for records; a catch-up request wakes it sooner. */
    private static final Duration POLL = Duration.ofMillis(10);
    /** The same while callers wait for the view to catch up. */
    private static final Duration POLL_WHILE_WAITED_FOR = Duration.ofMillis(1);
    /** How long one question to Kafka (end offsets, partitions) may take before Kafka counts as unreachable. */
    private static final Duration ASK = Duration.ofSeconds(1);
    /** How often the feed checks that Kafka answers while nobody asks it anything. */
    private static final long PROBE_NANOS = Duration.ofMillis(500).toNanos();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);


    /** The topics the view copies: the hub's instance statuses and entity states (their keys never meet). */
    private final List<String> topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaConsumer<byte[], byte[]> offsets;
    /** Asks for the high watermarks (read_uncommitted end offsets) of the same partitions. */
    private final KafkaConsumer<byte[], byte[]> highWatermarks;
    private final StatusStore store;
    private final KafkaHealth health;
    private final Queue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private final Queue<CompletableFuture<Void>> writtenRequests = new ConcurrentLinkedQueue<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final Thread thread;
    private volatile Consumer<Set<String>> onWritten = ids -> { };
    private volatile boolean running = true;
    private volatile boolean caughtUpOnce;
    /** Whether a waiter for the first catch-up is among {@link #waiters} (the feed's thread only). */
    private boolean firstCatchUpWaiting;
    private volatile long lag = -1;
    private volatile KafkaClientMetrics metrics;
    private List<TopicPartition> partitions;
    private long lastProbe;

    private record Waiter(Map<TopicPartition, Long> targets, CompletableFuture<Void> done) {
    }

    public StatusFeed(Map<String, Object> kafka, Hub hub, StatusStore store, KafkaHealth health) {
        this.topics = List.of(hub.instanceStatus(), hub.entities());
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ASK.toMillis());
        props.putIfAbsent(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.offsets = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> uncommitted = new HashMap<>(props);
        uncommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        this.highWatermarks = new KafkaConsumer<>(uncommitted, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.store = store;
        this.health = health;
        this.thread = new Thread(this::run, "dtk-client-status-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** {@code listener} learns, on the feed's thread, which instances each written batch touched. */
    public void onWritten(Consumer<Set<String>> listener) {
        this.onWritten = listener;
    }

    /**
     * Completes once the view holds every status record written before this call; fails at once with a
     * {@link DtkUnavailableException} while Kafka cannot be reached.
     */
    public CompletableFuture<Void> catchUp() {
        return ask(requests);
    }

    /**
     * Completes once the view holds every status record written before this call, those of transactions
     * still open then included (it waits for them to end); fails at once with a
     * {@link DtkUnavailableException} while Kafka cannot be reached.
     */
    public CompletableFuture<Void> catchUpWritten() {
        return ask(writtenRequests);
    }

    private CompletableFuture<Void> ask(Queue<CompletableFuture<Void>> queue) {
        if (!health.reachable()) {
            return CompletableFuture.failedFuture(new DtkUnavailableException(health.problem()));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(done);
        // the feed may be waiting up to POLL for records that do not come: it answers now instead
        consumer.wakeup();
        return done;
    }

    /**
     * How many status records the view is behind the status topic, as of the feed's last look at the end
     * offsets (every half second); -1 before the first.
     */
    public long lag() {
        return lag;
    }

    /** Records {@code dtk_status_view_lag_records} and the feed's consumer metrics into {@code registry}. */
    public void meter(MeterRegistry registry) {
        Gauge.builder("dtk.status.view.lag", this, f -> f.lag < 0 ? Double.NaN : f.lag).baseUnit("records")
                .description("Status records the status view has not read yet").register(registry);
        metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
    }

    /** Whether the view has once caught up with the whole topic since the feed started. */
    public boolean caughtUpOnce() {
        return caughtUpOnce;
    }

    private void run() {
        long backoff = 100;
        while (running) {
            try {
                turn();
                backoff = 100;
            } catch (WakeupException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                health.down("Kafka did not answer the status view: " + e.getMessage());
                failWaiting(new DtkUnavailableException(health.problem(), e));
                LOG.warn("status view: {}; trying again in {} ms", e.toString(), backoff);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
        failWaiting(new DtkUnavailableException("the status view is closed"));
        try {
            consumer.close(Duration.ofSeconds(1));
            offsets.close(Duration.ofSeconds(1));
            highWatermarks.close(Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            LOG.debug("closing the status view's consumers: {}", e.toString());
        }
    }

    private void turn() {
        if (partitions == null) {
            partitions = findPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            // assigned (never polled) so that asking for end offsets does not warn about unassigned partitions
            offsets.assign(partitions);
            highWatermarks.assign(partitions);
            consumer.seekToBeginning(partitions);
            LOG.info("status view: reading {} partitions of {}", partitions.size(), topics);
        }
        // callers who just asked are served at once (catchUp wakes a waiting poll, and this turn must not
        // wait again); callers waiting for a position past their end offsets, often only past a transaction
        // marker, are looked at every millisecond: a fetch that returns only a marker ends no poll
        boolean asked = !requests.isEmpty() || !writtenRequests.isEmpty();
        Duration wait = asked ? Duration.ZERO : waiters.isEmpty() ? POLL : POLL_WHILE_WAITED_FOR;
        ConsumerRecords<String, byte[]> records = consumer.poll(wait);
        if (!records.isEmpty()) {
            write(records);
        }
        serve();
    }

    private List<TopicPartition> findPartitions() {
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, ASK);
            if (infos == null || infos.isEmpty()) {
                health.down("topic " + topic + " does not exist yet (create the topics: dtk topics create)");
                sleep(500);
                return null;
            }
            infos.forEach(p -> found.add(new TopicPartition(p.topic(), p.partition())));
        }
        health.up();
        return found;
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

    private void serve() {
        long now = System.nanoTime();
        if (!writtenRequests.isEmpty()) {
            List<CompletableFuture<Void>> batch = take(writtenRequests);
            Map<TopicPartition, Long> marks = endOffsets(highWatermarks, batch);
            batch.forEach(done -> waiters.add(new Waiter(marks, done)));
        }
        if (!requests.isEmpty() || now - lastProbe > PROBE_NANOS) {
            List<CompletableFuture<Void>> batch = take(requests);
            Map<TopicPartition, Long> ends = endOffsets(offsets, batch);
            lastProbe = now;
            // before any call a wakeup may interrupt: the callers taken off the queue are safe among the waiters
            batch.forEach(done -> waiters.add(new Waiter(ends, done)));
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                behind += Math.max(0, end.getValue() - consumer.position(end.getKey()));
            }
            lag = behind;
            health.up();
            if (!caughtUpOnce && !firstCatchUpWaiting) {
                // the first catch-up is asked for again after any failure until it succeeds: a view that never
                // caught up must not stay unready because Kafka did not answer its first question
                CompletableFuture<Void> first = new CompletableFuture<>();
                first.thenRun(() -> caughtUpOnce = true);
                waiters.add(new Waiter(ends, first));
                firstCatchUpWaiting = true;
            }
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

    private static List<CompletableFuture<Void>> take(Queue<CompletableFuture<Void>> queue) {
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (CompletableFuture<Void> r; (r = queue.poll()) != null; ) {
            batch.add(r);
        }
        return batch;
    }

    /** The end offsets {@code asker} sees; when Kafka does not answer, fails {@code batch} and throws. */
    private Map<TopicPartition, Long> endOffsets(KafkaConsumer<byte[], byte[]> asker,
            List<CompletableFuture<Void>> batch) {
        try {
            return asker.endOffsets(partitions, ASK);
        } catch (RuntimeException e) {
            // the callers taken off their queue are failed here: failWaiting no longer sees them
            DtkUnavailableException unavailable = new DtkUnavailableException(
                    "Kafka did not answer the status view: " + e.getMessage(), e);
            batch.forEach(done -> done.completeExceptionally(unavailable));
            throw e;
        }
    }

    private void failWaiting(RuntimeException error) {
        take(requests).forEach(r -> r.completeExceptionally(error));
        take(writtenRequests).forEach(r -> r.completeExceptionally(error));
        waiters.forEach(w -> w.done().completeExceptionally(error));
        waiters.clear();
        firstCatchUpWaiting = false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
