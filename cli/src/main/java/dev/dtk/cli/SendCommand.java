package dev.dtk.cli;

import dev.dtk.client.DtkClient;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.Command;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dtk send ID JSON}: produces one command to {@code dtk.commands}, as any Kafka service would. */
@picocli.CommandLine.Command(name = "send", mixinStandardHelpOptions = true,
        description = "Produce a JSON command to dtk.commands with the instance ID as key, e.g."
                + " send hello-1 '{\"type\":\"start\",\"name\":\"HelloSequence\"}'.")
final class SendCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HubOption hub;

    @Parameters(index = "0", paramLabel = "INSTANCE_ID", description = "The record key: the instance ID.")
    String instanceId;

    @Parameters(index = "1", paramLabel = "JSON", description = "The command, see the README for the formats.")
    String json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Command command;
        dev.dtk.topics.Hub into;
        try {
            into = hub.hub();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk send: " + e.getMessage());
            return 2;
        }
        try {
            command = DtkJson.mapper().readValue(json, Command.class);
        } catch (Exception e) {
            spec.commandLine().getErr().println("not a valid dtk command: " + JsonSerde.rootMessage(e));
            return 2;
        }
        try (DtkClient client = DtkClient.builder().kafka(kafka.kafkaSettings()).hub(into).eagerView(false)
                .build()) {
            RecordMetadata written = client.send(instanceId, command).join();
            spec.commandLine().getOut().printf("sent to %s-%d at offset %d%n", written.topic(), written.partition(),
                    written.offset());
        }
        return 0;
    }
}
