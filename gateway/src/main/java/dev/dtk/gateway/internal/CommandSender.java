package dev.dtk.gateway.internal;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.InstanceStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the gateway's records: commands to {@code dtk.commands} and Pending statuses to
 * {@code dtk.instance-status}, keyed by instance ID, with an idempotent producer and acks=all. The
 * futures complete when the broker acknowledged the record, on the producer's I/O thread: callers
 * move on to other threads before doing anything slow.
 */
public final class CommandSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandSender.class);

    private final KafkaProducer<String, byte[]> producer;

    public CommandSender(Map<String, Object> kafka) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Fetches the metadata of both topics now, so that the first request does not wait for it. */
    public void warmUp() {
        for (String topic : new String[] {Topics.COMMANDS, Topics.INSTANCE_STATUS}) {
            try {
                producer.partitionsFor(topic);
            } catch (RuntimeException e) {
                LOG.warn("no metadata for topic {} yet ({}); create the topics (dtk topics create)", topic,
                        e.getMessage());
            }
        }
    }

    public CompletableFuture<RecordMetadata> command(String instanceId, Command command) {
        return send(new ProducerRecord<>(Topics.COMMANDS, instanceId, DtkJson.write(command)));
    }

    public CompletableFuture<RecordMetadata> status(InstanceStatus status) {
        return send(new ProducerRecord<>(Topics.INSTANCE_STATUS, status.instanceId(), DtkJson.write(status)));
    }

    private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(ApiError.unavailable("Kafka did not accept the record for instance '"
                            + record.key() + "': " + error.getMessage()));
                } else {
                    done.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            done.completeExceptionally(ApiError.unavailable("Kafka did not accept the record for instance '"
                    + record.key() + "': " + e.getMessage()));
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
