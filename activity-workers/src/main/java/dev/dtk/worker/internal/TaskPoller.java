package dev.dtk.worker.internal;

import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.worker.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The polling thread of a worker, the only thread that touches the consumer. Each turn it hands
 * fetched tasks to virtual threads while there is room (pausing every partition while there is
 * not, and still polling so the worker stays in its group), then commits what is finished. Records
 * fetched but not yet handed out are never committed, so they are safe to drop on a rebalance.
 */
public final class TaskPoller implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskPoller.class);
    /** The error type of an activity that ran past its timeout. */
    public static final String TIMEOUT = "ActivityTimeoutException";
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Commits are not on the critical path of a task: one every 100 ms keeps their cost flat under load. */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofMillis(100).toNanos();
    /** Results of recent tasks kept to answer a task handed over again: this many, at most this many bytes. */
    private static final int REMEMBERED_RESULTS = 20_000;
    private static final long REMEMBERED_BYTES = 64L * 1024 * 1024;
    /** How long reading back the results of newly assigned partitions may hold them before they flow anyway. */
    private static final Duration RECALL_TIMEOUT = Duration.ofSeconds(60);

    private final WorkerConfig config;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final ActivityRegistry registry;
    private final ActivityInvoker invoker;
    private final ResultPublisher publisher;
    private final ResultBatcher batcher;
    private final ExecutorService activities;
    private final ScheduledThreadPoolExecutor watchdog;
    private final OffsetTracker offsets = new OffsetTracker();
    private final Committer committer;
    private final InFlight inFlight;
    private final ActivityTelemetry telemetry;
    private volatile boolean assigned;
    private final Deque<ConsumerRecord<String, byte[]>> fetched = new ArrayDeque<>();
    private final TaskLedger ledger;
    private final RecallOnAssignment recall;
    private final Checkpoints checkpoints;
    private volatile boolean stopping;
    private volatile boolean handedBack;
    private volatile long stopDeadline = Long.MAX_VALUE;
    private long lastCommit = System.nanoTime();

    public TaskPoller(WorkerConfig config, ActivityRegistry registry, Consumer<String, byte[]> consumer,
            Producer<String, byte[]> producer, Consumer<byte[], byte[]> recallConsumer) {
        this(config, registry, consumer, producer, recallConsumer,
                new ActivityTelemetry(dev.dtk.observability.Observability.none(), config.queue()));
    }

    public TaskPoller(WorkerConfig config, ActivityRegistry registry, Consumer<String, byte[]> consumer,
            Producer<String, byte[]> producer, Consumer<byte[], byte[]> recallConsumer, ActivityTelemetry telemetry) {
        this.telemetry = telemetry;
        this.config = config;
        this.consumer = consumer;
        this.producer = producer;
        this.registry = registry;
        this.invoker = new ActivityInvoker(registry, config.queue(), config.limits());
        this.publisher = new ResultPublisher(producer, config.hub());
        this.watchdog = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "dtk-worker-" + config.queue() + "-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog.setRemoveOnCancelPolicy(true);
        this.batcher = new ResultBatcher(publisher, watchdog);
        this.activities = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("dtk-worker-" + config.queue() + "-activity-", 0).factory());
        this.committer = new Committer(consumer, offsets);
        this.inFlight = new InFlight(config.maxInFlight(), consumer::wakeup);
        this.ledger = new TaskLedger(REMEMBERED_RESULTS, REMEMBERED_BYTES, ResultPublisher::size);
        this.checkpoints = new Checkpoints(producer, ledger, java.time.Clock.systemUTC());
        this.recall = new RecallOnAssignment(new ResultRecall(config, recallConsumer, RECALL_TIMEOUT,
                name -> registry.find(name).isPresent(), REMEMBERED_RESULTS), ledger, config.queue(),
                RECALL_TIMEOUT.plusSeconds(30));
    }

    /** Whether the group has given this worker its partitions (none, when it has more members than partitions). */
    public boolean assigned() {
        return assigned;
    }

    /** Tasks running or waiting for their result's acknowledgement. */
    public int inFlight() {
        return inFlight.count();
    }

    /** Stops fetching and gives the tasks in flight until {@code timeout} from now to finish. */
    public synchronized void stop(Duration timeout) {
        long wait = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
        long deadline = System.nanoTime() + wait;
        stopDeadline = Math.min(stopDeadline, deadline);
        stopping = true;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(config.taskTopic()),
                    new RebalanceListener(config.queue(), offsets, committer, fetched, consumer, recall,
                            () -> !handedBack, () -> assigned = true));
            while (!stopping) {
                turn();
            }
            drain();
        } catch (RuntimeException e) {
            LOG.error("activity worker for queue '{}' stopped on an unexpected error; its tasks will run on"
                    + " another worker once this one has left the group", config.queue(), e);
        } finally {
            shutdown();
        }
    }

    private void turn() {
        recall.release();
        dispatch();
        inFlight.waiting(true);
        boolean full = !inFlight.hasRoom();
        inFlight.waiting(full);
        if (full) {
            consumer.pause(consumer.assignment());
        } else {
            Set<TopicPartition> resume = new HashSet<>(consumer.paused());
            resume.removeAll(recall.held());
            consumer.resume(resume);
        }
        poll(POLL_TIMEOUT).forEach(fetched::add);
        inFlight.waiting(false);
        dispatch();
        commitNowAndThen();
    }

    private void dispatch() {
        while (!fetched.isEmpty() && inFlight.hasRoom() && !stopping) {
            ConsumerRecord<String, byte[]> record = fetched.removeFirst();
            TopicPartition topicPartition = new TopicPartition(record.topic(), record.partition());
            PartitionOffsets partition = offsets.started(topicPartition, record.offset());
            if (Checkpoints.isCheckpoint(record)) {
                partition.finished(record.offset()); // a run's checkpoint, not a task: read back only on assignment
                continue;
            }
            Runnable finished = () -> {
                partition.finished(record.offset());
                inFlight.release();
            };
            inFlight.acquire();
            switch (TaskRecords.decode(record.value())) {
                case TaskRecords.Task(ActivityTask task) -> admit(task, record.headers(), topicPartition, finished);
                case TaskRecords.Malformed(String reason) -> {
                    LOG.warn("dead-lettering the record at {}-{}@{} (key {}): {}", record.topic(),
                            record.partition(), record.offset(), record.key(), reason);
                    telemetry.deadLettered(record.topic(), reason);
                    publisher.deadLetter(TaskRecords.deadLetter(record, reason, Instant.now(), config.limits()),
                            finished);
                }
            }
        }
    }

    /**
     * Runs a task seen for the first time; answers one that already ran with its recorded result; lets a
     * copy of one running now finish with it.
     */
    private void admit(ActivityTask task, Headers headers, TopicPartition partition, Runnable finished) {
        TaskKey key = TaskKey.of(task);
        switch (ledger.admit(key, finished)) {
            case TaskLedger.Run run -> start(task, headers, key, checkpoints.of(task, partition), finished);
            case TaskLedger.Answered(ActivityResult recorded) -> {
                LOG.info("instance {}: task {} was handed over again (a redone engine step, or a worker that died);"
                        + " it already ran, so it is answered with its recorded result", task.instanceId(), key);
                publisher.publish(recorded, finished);
            }
            case TaskLedger.Joined joined -> LOG.info("instance {}: task {} was handed over again while it runs;"
                    + " it finishes with that run", task.instanceId(), key);
        }
    }

    /**
     * Runs the task's activity on a virtual thread, and fails the task when the activity runs past its
     * timeout: the failure is published, the slot freed and the thread interrupted; whatever the
     * activity returns later is dropped. Exactly one result is published per task.
     */
    private void start(ActivityTask task, Headers headers, TaskKey key, TaskCheckpoint checkpoint,
            Runnable finished) {
        ActivityTelemetry.Run run = telemetry.begin(task, headers);
        batcher.started(task);
        AtomicBoolean settled = new AtomicBoolean();
        AtomicReference<Future<?>> running = new AtomicReference<>();
        Duration timeout = registry.timeout(task.name()).orElse(config.activityTimeout());
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            if (settled.compareAndSet(false, true)) {
                Future<?> activity = running.get();
                if (activity != null) {
                    activity.cancel(true);
                }
                String message = "activity '" + task.name() + "' did not finish within " + timeout
                        + "; it was interrupted and its slot freed (give it a longer timeout with"
                        + " ActivityOptions.timeout, or DTK_ACTIVITY_TIMEOUT_SECONDS for the worker's default)";
                LOG.warn("instance {}: task {}: {}", task.instanceId(), task.taskId(), message);
                ActivityFailed failed = ActivityFailed.of(task, FailureDetails.of(TIMEOUT, message));
                run.end(failed, true);
                settle(key, failed, run.headers(), finished);
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        running.set(activities.submit(() -> {
            ActivityResult result = run.within(() -> invoker.invoke(task, checkpoint));
            if (settled.compareAndSet(false, true)) {
                deadline.cancel(false);
                run.end(result, false);
                settle(key, result, run.headers(), finished);
            }
        }));
    }

    /** Records the result of a run, then publishes it; once acknowledged, its copies that joined finish too. */
    private void settle(TaskKey key, ActivityResult result, Headers headers, Runnable finished) {
        List<Runnable> joined = ledger.settled(key, result);
        batcher.ended(result, headers, () -> {
            finished.run();
            joined.forEach(Runnable::run);
        });
    }

    /** Waits, until the deadline, for the tasks in flight; hands back those still running then. */
    private void drain() {
        fetched.clear();
        inFlight.waiting(true);
        long remaining;
        while (inFlight.count() > 0 && (remaining = stopDeadline - System.nanoTime()) > 0) {
            consumer.pause(consumer.assignment());
            poll(Duration.ofNanos(Math.min(remaining, POLL_TIMEOUT.toNanos()))); // stay in the group
            commitNowAndThen();
        }
        inFlight.waiting(false);
    }

    private void shutdown() {
        int unfinished = inFlight.count();
        handedBack = true;
        publisher.handBack(); // nothing more is produced: what is still in flight runs again on another worker
        if (unfinished > 0) {
            LOG.warn("handing back {} task(s) still in flight on queue '{}': their offsets are not committed, so"
                    + " another worker will run them again", unfinished, config.queue());
            activities.shutdownNow();
        } else {
            activities.shutdown();
        }
        watchdog.shutdownNow();
        recall.close();
        try {
            committer.commitFinished();
        } catch (RuntimeException e) {
            LOG.warn("could not commit finished tasks on close: {}", e.toString());
        }
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("error closing the consumer of queue '{}': {}", config.queue(), e.toString());
        }
        producer.close(unfinished > 0 ? Duration.ZERO : CLOSE_TIMEOUT);
        LOG.info("activity worker for queue '{}' stopped", config.queue());
    }

    private void commitNowAndThen() {
        long now = System.nanoTime();
        if (now - lastCommit >= COMMIT_INTERVAL_NANOS) {
            lastCommit = now;
            passTrailingMarkers();
            committer.commitFinished();
        }
    }

    /**
     * A partition whose records are all finished and none waits in {@code fetched} may commit up to the
     * consumer's position: the engine's transactions leave a marker after their tasks, and a commit that
     * stops before it would show a lag of one on every such partition for ever.
     */
    private void passTrailingMarkers() {
        Set<TopicPartition> waiting = new HashSet<>();
        fetched.forEach(record -> waiting.add(new TopicPartition(record.topic(), record.partition())));
        for (TopicPartition partition : consumer.assignment()) {
            if (waiting.contains(partition)) {
                continue;
            }
            try {
                offsets.passed(partition, consumer.position(partition, Duration.ZERO));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // no position known yet (just assigned): nothing to pass
            }
        }
    }

    private ConsumerRecords<String, byte[]> poll(Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (WakeupException e) {
            return ConsumerRecords.empty();
        }
    }
}
