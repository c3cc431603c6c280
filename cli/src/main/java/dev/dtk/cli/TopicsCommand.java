package dev.dtk.cli;

import dev.dtk.topics.Hub;
import dev.dtk.topics.Limits;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code dtk topics create}: creates dtk's topics (idempotent). */
@Command(name = "topics", description = "Manage dtk's topics.", subcommands = TopicsCommand.Create.class)
final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create the topics of a task hub (--hub) that do not exist yet; existing ones are kept as"
                    + " they are.")
    static final class Create implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Mixin
        AppOptions apps;

        @Mixin
        HubOption hub;

        @Option(names = "--partitions", defaultValue = "${env:DTK_PARTITIONS:-12}",
                description = "Partitions of new topics (env DTK_PARTITIONS; default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--replication-factor", defaultValue = "${env:DTK_REPLICATION_FACTOR:--1}",
                description = "Replication factor of new topics; -1: the broker's default (env DTK_REPLICATION_FACTOR).")
        short replicationFactor;

        @Option(names = "--queue", paramLabel = "QUEUE",
                description = "An activity queue to create <hub>.tasks.<QUEUE> for (repeatable; the default queue and"
                        + " the queues of the apps (--app, else the samples) are always included).")
        List<String> queues = List.of();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Hub into;
            try {
                into = hub.hub();
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("dtk topics create: " + e.getMessage());
                return 2;
            }
            Set<String> all = new LinkedHashSet<>(apps.catalog(System.getenv(), SmsWiring::none).queues());
            all.addAll(queues);
            List<String> created = create(kafka.clientSettings(), into, partitions, replicationFactor, all);
            spec.commandLine().getOut().println(created.isEmpty()
                    ? "All topics of hub " + into + " exist already." : "Created " + String.join(", ", created));
            return 0;
        }
    }

    static List<String> create(Map<String, Object> clientSettings, Hub hub, int partitions, short replicationFactor,
            Set<String> queues) {
        try (Admin admin = Admin.create(clientSettings)) {
            return new TopicProvisioner(admin).ensure(Topics.all(hub, partitions, replicationFactor, queues,
                    Limits.fromEnvironment(System.getenv())));
        }
    }
}
