package dev.dtk.cli;

import dev.dtk.client.DtkClient;
import dev.dtk.client.InstancePage;
import dev.dtk.client.InstanceQuery;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dtk status [ID]}: the latest status records from {@code dtk.instance-status}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print the latest status of an instance (or of all) from <hub>.instance-status.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HubOption hub;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INSTANCE_ID", description = "Only this instance.")
    String instanceId;

    @Option(names = "--follow", description = "Keep printing new status records until Ctrl-C.")
    boolean follow;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        dev.dtk.topics.Hub of;
        try {
            of = hub.hub();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk status: " + e.getMessage());
            return 2;
        }
        try (DtkClient client = DtkClient.builder().kafka(kafka.kafkaSettings()).hub(of).build()) {
            if (instanceId != null) {
                Optional<InstanceStatus> status = client.getStatus(instanceId).join();
                if (status.isEmpty() && !follow) {
                    spec.commandLine().getErr().println("no status for instance '" + instanceId + "' (yet)");
                    return 1;
                }
                status.ifPresent(s -> out.println(text(s)));
            } else {
                String token = null;
                do {
                    InstancePage page = client.query(InstanceQuery.all(), 1000, token).join();
                    page.instances().forEach(s -> out.println(text(s)));
                    token = page.continuationToken();
                } while (token != null);
            }
            out.flush();
            if (follow) {
                client.onStatus((id, status) -> {
                    if (instanceId == null || instanceId.equals(id)) {
                        synchronized (out) {
                            out.println(status.map(StatusCommand::text).orElse(id + " purged"));
                            out.flush();
                        }
                    }
                });
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    private static String text(InstanceStatus status) {
        return new String(DtkJson.write(status), StandardCharsets.UTF_8);
    }
}
