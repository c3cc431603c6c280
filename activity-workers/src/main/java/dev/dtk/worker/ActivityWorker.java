package dev.dtk.worker;

import dev.dtk.activity.ActivityRegistry;
import dev.dtk.observability.HealthReport;
import dev.dtk.observability.Observability;
import dev.dtk.worker.http.internal.HttpActivity;
import dev.dtk.worker.internal.ActivityTelemetry;
import dev.dtk.worker.internal.ClientSettings;
import dev.dtk.worker.internal.TaskPoller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.util.Map;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the activities of one queue: reads {@code dtk.tasks.<queue>} as a member of the queue's
 * consumer group, runs up to {@link WorkerConfig#maxInFlight()} activities at once on virtual
 * threads, and produces each result or failure to {@code dtk.activity-results}. A task's offset is
 * committed only once its result is acknowledged by the broker, so a task a crashed worker did not
 * finish runs again on another worker. A task handed over again after it ran (the engine redid the
 * step that sent it, or its worker died before committing) is answered with its recorded result, not
 * run again: the worker remembers recent results, and reads back the published ones of the
 * partitions it is given. A worker of the {@code http} queue also runs {@code callHttp}'s built-in
 * activity, with {@link WorkerConfig#http()}.
 *
 * <pre>{@code
 * try (ActivityWorker worker = ActivityWorker.start(
 *         WorkerConfig.builder().bootstrapServers("localhost:9092").build(),
 *         ActivityRegistry.builder().register("SayHello", ctx -> "Hello " + ctx.getInput(String.class)).build())) {
 *     ...
 * }
 * }</pre>
 */
public final class ActivityWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityWorker.class);

    private final WorkerConfig config;
    private final TaskPoller poller;
    private final Thread pollThread;
    private final HttpActivity http;
    private final AutoCloseable kafkaMetrics;

    private ActivityWorker(WorkerConfig config, TaskPoller poller, Thread pollThread, HttpActivity http,
            AutoCloseable kafkaMetrics) {
        this.config = config;
        this.poller = poller;
        this.pollThread = pollThread;
        this.http = http;
        this.kafkaMetrics = kafkaMetrics;
    }

    /** Connects to Kafka and starts serving the queue; returns at once, without waiting to join the group. */
    public static ActivityWorker start(WorkerConfig config, ActivityRegistry registry) {
        return start(config, registry, Observability.none());
    }

    /**
     * As above, recording metrics (activity duration and outcome, in-flight count, its Kafka clients')
     * and traces (a span per activity) into {@code observability}.
     */
    public static ActivityWorker start(WorkerConfig config, ActivityRegistry registry, Observability observability) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        HttpActivity http = null;
        if (config.queue().equals(WorkerConfig.HTTP_QUEUE)
                && registry.find(dev.dtk.app.AppBuilder.HTTP_ACTIVITY).isEmpty()) {
            http = new HttpActivity(config.http(), config.limits(), Clock.systemUTC());
            registry = http.addTo(registry);
        }
        LOG.info("starting activity worker with {}; activities {}", config, registry.names());
        var consumer = new KafkaConsumer<>(ClientSettings.consumer(config), new StringDeserializer(),
                new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer;
        KafkaConsumer<byte[], byte[]> recall;
        try {
            producer = new KafkaProducer<>(ClientSettings.producer(config), new StringSerializer(),
                    new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close();
            if (http != null) {
                http.close();
            }
            throw e;
        }
        try {
            recall = new KafkaConsumer<>(ClientSettings.recallConsumer(config), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
        } catch (RuntimeException e) {
            consumer.close();
            producer.close();
            if (http != null) {
                http.close();
            }
            throw e;
        }
        TaskPoller poller = new TaskPoller(config, registry, consumer, producer, recall,
                new ActivityTelemetry(observability, config.queue()));
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        consumerMetrics.bindTo(observability.meters());
        producerMetrics.bindTo(observability.meters());
        Gauge inFlight = Gauge.builder("dtk.worker.activities.in.flight", poller, TaskPoller::inFlight)
                .description("Activities running or waiting for their result to be acknowledged")
                .tag("queue", config.queue()).register(observability.meters());
        Thread thread = Thread.ofPlatform().name("dtk-worker-" + config.queue() + "-poll").unstarted(poller);
        thread.start();
        return new ActivityWorker(config, poller, thread, http, () -> {
            consumerMetrics.close();
            producerMetrics.close();
            observability.meters().remove(inFlight);
        });
    }

    /** {@code /health/live}: the polling thread runs. */
    public HealthReport live() {
        return pollThread.isAlive() ? HealthReport.up(Map.of("queue", config.queue()))
                : HealthReport.down("the worker's polling thread has stopped", Map.of("queue", config.queue()));
    }

    /** {@code /health/ready}: running, and the consumer group has assigned this worker its partitions. */
    public HealthReport ready() {
        if (!pollThread.isAlive()) {
            return live();
        }
        return poller.assigned() ? HealthReport.up(Map.of("queue", config.queue()))
                : HealthReport.down("the worker has not joined the consumer group of queue '" + config.queue()
                        + "' yet", Map.of("queue", config.queue()));
    }

    public WorkerConfig config() {
        return config;
    }

    /**
     * Closes gracefully: stops fetching, waits up to {@link WorkerConfig#shutdownTimeout()} for the
     * activities in flight, produces their results, commits and leaves the group.
     */
    @Override
    public void close() {
        close(config.shutdownTimeout());
    }

    /**
     * Closes, waiting up to {@code timeout} for the activities in flight. Those still running then
     * are handed back: they are interrupted, their results are dropped and their offsets are not
     * committed, so another worker of the group runs them again. {@code close(Duration.ZERO)} hands
     * back everything in flight at once.
     */
    public void close(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, but was " + timeout);
        }
        closeQuietly(kafkaMetrics);
        if (!pollThread.isAlive()) {
            closeHttp();
            return;
        }
        poller.stop(timeout);
        if (Thread.currentThread() == pollThread) {
            return;
        }
        try {
            pollThread.join();
            closeHttp();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while closing the activity worker of queue '{}'; it goes on closing in the"
                    + " background", config.queue());
        }
    }

    private void closeHttp() {
        if (http != null) {
            http.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("closing the worker's Kafka metrics: {}", e.toString());
        }
    }
}
