package dev.dtk.cli;

import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.SampleApp;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.worker.sms.DevSmsOutbox;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dtk dev}: everything on one machine for a newcomer: a real Kafka broker in this JVM (data
 * kept under {@code .dtk/}), the topics, the engine and the workers with the samples.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Start a local Kafka broker, the topics, the engine and the workers with the samples, in one"
                + " process. Data is kept under --home across restarts. Ctrl-C stops everything.")
final class DevCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DevCommand.class);

    @Option(names = "--home", defaultValue = "${env:DTK_HOME:-.dtk}",
            description = "Where the broker and the engine keep their data (default ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--fresh", description = "Wipe the data under --home first.")
    boolean fresh;

    @Option(names = "--kafka-port", defaultValue = "${env:DTK_KAFKA_PORT:-9092}",
            description = "Port of the local broker (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topics (default 4).")
    int partitions;

    @Option(names = "--gateway-host", defaultValue = "${env:DTK_GATEWAY_HOST:-127.0.0.1}",
            description = "Address of the HTTP gateway (default ${DEFAULT-VALUE}).")
    String gatewayHost;

    @Option(names = "--gateway-port", defaultValue = "${env:DTK_GATEWAY_PORT:-7071}",
            description = "Port of the HTTP gateway (default ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--insecure", description = "Allow a non-loopback gateway address without keys.")
    boolean insecure;

    @Spec
    CommandSpec spec;

    private final DevSmsOutbox smsOutbox = new DevSmsOutbox(Clock.systemUTC());

    @Override
    public Integer call() throws Exception {
        if (fresh) {
            wipe(home);
        }
        List<AutoCloseable> running = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping dtk dev");
            for (int i = running.size() - 1; i >= 0; i--) {
                try {
                    running.get(i).close();
                } catch (Exception e) {
                    LOG.warn("error while stopping {}", running.get(i).getClass().getSimpleName(), e);
                }
            }
            stopped.countDown();
        }, "dtk-shutdown"));

        LocalDtk dtk = LocalDtk.start(home, kafkaPort, partitions, AppSettings.orchestrators(System.getenv()),
                SampleApp.activities(SmsWiring.forDev(System.getenv(), smsOutbox)).build(), SampleApp.routes());
        running.add(dtk);
        DtkGateway gateway = dtk.startGateway(GatewayConfig.fromEnv(System.getenv()).host(gatewayHost)
                .port(gatewayPort).insecure(insecure), routes -> routes.route("GET", "/dev/sms", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
                    var to = exchange.getQueryParameters().get("to");
                    Object messages = to == null ? smsOutbox.all() : smsOutbox.messagesTo(to.getFirst());
                    exchange.getResponseSender().send(new String(DtkJson.write(messages), StandardCharsets.UTF_8));
                }));
        printWelcome(spec.commandLine().getOut(), dtk.bootstrapServers(), dtk.queues());
        printGateway(spec.commandLine().getOut(), gateway);
        stopped.await();
        return 0;
    }

    private void printWelcome(PrintWriter out, String bootstrap, Set<String> queues) {
        out.printf("""

                dtk dev is running
                  Kafka broker   %s   (KRaft, in-process; data in %s)
                  engine         orchestrators %s
                  workers        queues %s

                Start the hello sample by producing a JSON command to dtk.commands (key = instance ID):
                  ./dtk send hello-1 '{"type":"start","name":"HelloSequence"}'
                and read its status from dtk.instance-status:
                  ./dtk status hello-1
                With Kafka's own tools:
                  echo 'hello-2|{"type":"start","name":"HelloSequence"}' | kafka-console-producer.sh \\
                    --bootstrap-server %s --topic dtk.commands --property parse.key=true --property key.separator='|'
                %n""", bootstrap, home.toAbsolutePath(), AppSettings.orchestrators(System.getenv()).names(),
                queues, bootstrap);
        out.flush();
    }

    private static void printGateway(PrintWriter out, DtkGateway gateway) {
        String key = System.getenv().getOrDefault("DTK_GATEWAY_KEYS", "").split(",")[0].trim();
        String code = key.isEmpty() ? "" : "?code=<key>";
        out.printf("""
                HTTP gateway (the Durable Functions HTTP API) on %s
                  curl -i -X POST %s/runtime/webhooks/durabletask/orchestrators/HelloSequence%s
                then follow the Location header it answers with until it says 200.
                Phone verification: see the README; SMS land in the log and at %s/dev/sms

                Ctrl-C stops everything.
                %n""", gateway.url(), gateway.url(), code, gateway.url());
        out.flush();
    }

    private static void wipe(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot wipe " + home, e);
        }
    }
}
