package dev.dtk.cli;

import dev.dtk.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dtk status [ID]}: the latest status records from {@code dtk.instance-status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the latest status of an instance (or of all) from dtk.instance-status.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INSTANCE_ID", description = "Only this instance.")
    String instanceId;

    @Option(names = "--follow", description = "Keep printing new status records until Ctrl-C.")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Object> settings = kafka.clientSettings();
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INSTANCE_STATUS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<String, String> latest = new LinkedHashMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    collect(latest, r);
                }
            }
            if (instanceId != null && !latest.containsKey(instanceId) && !follow) {
                spec.commandLine().getErr().println("no status for instance '" + instanceId + "' (yet)");
                return 1;
            }
            latest.values().forEach(spec.commandLine().getOut()::println);
            while (follow) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (instanceId == null || instanceId.equals(r.key())) {
                        spec.commandLine().getOut().println(text(r));
                    }
                }
                spec.commandLine().getOut().flush();
            }
        }
        return 0;
    }

    private void collect(Map<String, String> latest, ConsumerRecord<String, byte[]> r) {
        if (instanceId != null && !instanceId.equals(r.key())) {
            return;
        }
        if (r.value() == null) {
            latest.remove(r.key());
        } else {
            latest.put(r.key(), text(r));
        }
    }

    private static String text(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? r.key() + " purged" : new String(r.value(), StandardCharsets.UTF_8);
    }
}
