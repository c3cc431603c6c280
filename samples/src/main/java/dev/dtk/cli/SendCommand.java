package dev.dtk.cli;

import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.Command;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dtk send ID JSON}: produces one command to {@code dtk.commands}, as any Kafka service would. */
@picocli.CommandLine.Command(name = "send", mixinStandardHelpOptions = true,
        description = "Produce a JSON command to dtk.commands with the instance ID as key, e.g."
                + " send hello-1 '{\"type\":\"start\",\"name\":\"HelloSequence\"}'.")
final class SendCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "INSTANCE_ID", description = "The record key: the instance ID.")
    String instanceId;

    @Parameters(index = "1", paramLabel = "JSON", description = "The command, see the README for the formats.")
    String json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            DtkJson.mapper().readValue(json, Command.class);
        } catch (Exception e) {
            spec.commandLine().getErr().println("not a valid dtk command: " + JsonSerde.rootMessage(e));
            return 2;
        }
        Map<String, Object> settings = kafka.clientSettings();
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            RecordMetadata written = producer.send(new ProducerRecord<>(Topics.COMMANDS, instanceId,
                    json.getBytes(StandardCharsets.UTF_8))).get();
            spec.commandLine().getOut().printf("sent to %s-%d at offset %d%n", written.topic(), written.partition(),
                    written.offset());
        }
        return 0;
    }
}
