package dev.dtk.client.internal;

import dev.dtk.client.DtkUnavailableException;
import dev.dtk.observability.TraceHeaders;
import dev.dtk.topics.Hub;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.context.Context;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the client's records, commands to {@code <hub>.commands} keyed by instance ID, with an
 * idempotent producer and acks=all (a client never writes statuses: only engines do). The
 * futures complete when the broker acknowledged the record, on {@code executor}, never on the
 * producer's own I/O thread: whatever a caller chains onto them (another send, which may wait for
 * metadata) cannot block every other produce.
 */
public final class CommandSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String commands;
    private final Executor executor;
    private volatile KafkaClientMetrics metrics;

    /** Sends to {@code hub}'s commands topic. */
    public CommandSender(Map<String, Object> kafka, Hub hub, Executor executor) {
        this.executor = executor;
        this.commands = hub.commands();
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        // a send waits this long at most for the topic's metadata: the caller's thread is never held for long
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Fetches the metadata of the commands topic now, so that the first request does not wait for it. */
    public void warmUp() {
        try {
            producer.partitionsFor(commands);
        } catch (RuntimeException e) {
            LOG.warn("no metadata for topic {} yet ({}); create the hub's topics (dtk topics create --hub)", commands,
                    e.getMessage());
        }
    }

    public CompletableFuture<RecordMetadata> command(String instanceId, Command command) {
        return send(new ProducerRecord<>(commands, instanceId, DtkJson.write(command)));
    }

    /** As above, with {@code trace}'s span (if any) as the record's {@code traceparent}. */
    public CompletableFuture<RecordMetadata> command(String instanceId, Command command, Context trace) {
        return send(new ProducerRecord<>(commands, null, instanceId, DtkJson.write(command),
                TraceHeaders.of(trace)));
    }

    /** Records the producer's metrics into {@code registry} until closed. */
    public void meter(MeterRegistry registry) {
        metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    executor.execute(() -> done.completeExceptionally(new DtkUnavailableException(
                            "Kafka did not accept the record for instance '" + record.key() + "': "
                                    + error.getMessage(), error)));
                } else {
                    executor.execute(() -> done.complete(metadata));
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(new DtkUnavailableException("Kafka did not accept the record for instance '"
                    + record.key() + "': " + e.getMessage(), e));
        }
        return done;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
