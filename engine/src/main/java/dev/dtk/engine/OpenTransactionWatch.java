package dev.dtk.engine;

import dev.dtk.engine.streams.OpenTransactions;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the ends of the input partitions this engine runs, every {@link OpenTransactions#LOOK_EVERY} and
 * when a task just assigned asks: their last stable offset and high watermark, two small ListOffsets
 * requests for all of them, on a thread of its own. What it finds goes to {@link OpenTransactions}.
 * A look that fails is logged at debug and tried again; the timers then behave as without the looks.
 */
final class OpenTransactionWatch {

    private static final Logger LOG = LoggerFactory.getLogger(OpenTransactionWatch.class);
    private static final long ANSWER_WITHIN_MS = 2_000;

    private final Admin admin;
    private final KafkaStreams streams;
    private final Set<String> inputs;
    private final OpenTransactions transactions;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dtk-open-transaction-watch").factory());
    private final AtomicBoolean lookQueued = new AtomicBoolean();

    private OpenTransactionWatch(Admin admin, KafkaStreams streams, Set<String> inputs, OpenTransactions transactions) {
        this.admin = admin;
        this.streams = streams;
        this.inputs = inputs;
        this.transactions = transactions;
    }

    /** Starts looking at the ends of {@code inputs}' partitions that {@code streams} runs. */
    static OpenTransactionWatch start(EngineConfig config, KafkaStreams streams, OpenTransactions transactions) {
        Admin admin = Admin.create(InputPartitions.adminSettings(config));
        OpenTransactionWatch watch = new OpenTransactionWatch(admin, streams,
                Set.of(config.hub().commands(), config.hub().activityResults()), transactions);
        transactions.onLookWanted(watch::lookSoon);
        long every = OpenTransactions.LOOK_EVERY.toMillis();
        watch.thread.scheduleWithFixedDelay(watch::look, every, every, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void lookSoon() {
        if (lookQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                lookQueued.set(false);
                look();
            });
        }
    }

    private void look() {
        Set<TopicPartition> partitions = running();
        transactions.retainOnly(partitions);
        if (partitions.isEmpty()) {
            return;
        }
        long at = System.nanoTime();
        try {
            // both asked at once, so that they describe nearly the same moment
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> stableEnds = ends(partitions,
                    IsolationLevel.READ_COMMITTED);
            KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> writtenEnds = ends(partitions,
                    IsolationLevel.READ_UNCOMMITTED);
            var stable = stableEnds.get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
            var written = writtenEnds.get(ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS);
            for (TopicPartition partition : partitions) {
                var lso = stable.get(partition);
                var hw = written.get(partition);
                if (lso != null && hw != null) {
                    transactions.observed(partition, at, lso.offset(), hw.offset());
                }
            }
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot look at the ends of the engine's input partitions: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaFuture<Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo>> ends(
            Set<TopicPartition> partitions, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all();
    }

    /** The input partitions of the tasks this engine runs now. */
    private Set<TopicPartition> running() {
        Set<TopicPartition> partitions = new HashSet<>();
        try {
            for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
                for (TaskMetadata task : thread.activeTasks()) {
                    task.topicPartitions().stream().filter(p -> inputs.contains(p.topic())).forEach(partitions::add);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list the engine's tasks: {}", e.toString());
        }
        return partitions;
    }

    /** Stops looking; waits for a look under way at most {@code timeout}. */
    void close(Duration timeout) {
        thread.shutdownNow();
        admin.close(timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1));
    }
}
