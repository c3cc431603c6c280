package dev.dtk.engine.streams;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the engine's consumers have fetched its input partitions up to their end, from the lag they
 * report ({@code records-lag}). The timer sweep asks before it fires a timer that is due later than the
 * newest input applied: after an outage, inputs that were produced before such a timer was due (an
 * answer sent in time) must be applied first, not lose to a timeout that fired while they waited.
 */
public final class InputLag {

    /** For engines without a Kafka Streams client to ask (tests): always caught up. */
    public static final InputLag NONE = new InputLag(false);

    private static final long RESCAN_NANOS = Duration.ofSeconds(1).toNanos();

    private final boolean watching;
    private final AtomicReference<KafkaStreams> streams = new AtomicReference<>();
    private final Map<TopicPartition, Metric> lags = new ConcurrentHashMap<>();
    private volatile long lastScan;

    private InputLag(boolean watching) {
        this.watching = watching;
    }

    /** Reads the lag of {@code streams}' consumers, once it is set with {@link #watch}. */
    public static InputLag ofStreams() {
        return new InputLag(true);
    }

    /** False for {@link #NONE}: every input is applied as soon as it is given (a test driver), none waits. */
    boolean watches() {
        return watching;
    }

    public void watch(KafkaStreams client) {
        streams.set(client);
    }

    /**
     * True when the consumer has fetched {@code partition} up to its end, false while it has more to
     * fetch, null while no lag is known for it (just assigned: its first fetch has not come back).
     */
    Boolean fetchedToEnd(TopicPartition partition) {
        if (!watching) {
            return true;
        }
        Metric lag = lags.get(partition);
        if (lag == null) {
            lag = find(partition);
            if (lag == null) {
                return null;
            }
        }
        Object value = lag.metricValue();
        if (!(value instanceof Double d) || d.isNaN()) {
            lags.remove(partition); // the partition moved: look for its metric again
            return null;
        }
        return d <= 0;
    }

    private Metric find(TopicPartition partition) {
        KafkaStreams client = streams.get();
        long now = System.nanoTime();
        if (client == null || now - lastScan < RESCAN_NANOS) {
            return null;
        }
        lastScan = now;
        for (Map.Entry<MetricName, ? extends Metric> entry : client.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && !name.tags().getOrDefault("client-id", "").endsWith("restore-consumer")) {
                String topic = name.tags().get("topic");
                String p = name.tags().get("partition");
                if (topic != null && p != null) {
                    lags.put(new TopicPartition(topic, Integer.parseInt(p)), entry.getValue());
                }
            }
        }
        return lags.get(partition);
    }
}
