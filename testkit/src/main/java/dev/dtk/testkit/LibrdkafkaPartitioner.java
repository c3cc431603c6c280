package dev.dtk.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * Partitions keyed records as librdkafka does by default (consistent_random: CRC32 of the key), the
 * partitioner under kcat, confluent-kafka-python, -go, -dotnet and node-rdkafka: a Java producer with it
 * stands for a service written in another language.
 */
public final class LibrdkafkaPartitioner implements Partitioner {

    /** The partition librdkafka picks for {@code key} among {@code partitions}. */
    public static int partition(String key, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
            Cluster cluster) {
        return partition((String) key, cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
