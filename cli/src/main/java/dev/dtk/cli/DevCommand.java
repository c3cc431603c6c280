package dev.dtk.cli;

import dev.dtk.app.AppCatalog;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Hub;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.sms.SmsSender;
import dev.dtk.worker.http.HttpSettings;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dtk dev}: everything on one machine for a newcomer: a real Kafka broker in this JVM (data
 * kept under {@code .dtk/}), the topics, the engine and the workers with the samples, for one task hub
 * (or several, each with its own engine and workers, to show how they stay apart).
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

    @Option(names = "--hub", paramLabel = "HUB",
            description = "A task hub to run, repeatable (--hub a --hub b: two hubs, each with its engine and workers,"
                    + " one gateway serving both; the first is its default) (env DTK_HUB; default dtk).")
    List<String> hubNames = new ArrayList<>();

    @Mixin
    AppOptions apps;

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

        AppCatalog catalog;
        List<Hub> hubs;
        try {
            hubs = hubNames.isEmpty() ? List.of(Hub.fromEnvironment(System.getenv()))
                    : hubNames.stream().map(String::trim).map(Hub::of).distinct().toList();
            SmsSender sms = SmsWiring.forDev(System.getenv(), smsOutbox);
            catalog = apps.catalog(System.getenv(), () -> sms);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk dev: " + e.getMessage());
            return 2;
        }
        HttpSettings http;
        try {
            http = HttpSettings.fromEnvironment(System.getenv()).apps(catalog.http()).build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk dev: " + e.getMessage());
            return 2;
        }
        Observability observability = Observability.forService("dev", System.getenv());
        running.add(observability);
        LocalDtk dtk = LocalDtk.start(home, kafkaPort, partitions, catalog, hubs.get(0), engine -> { },
                worker -> worker.http(http), observability);
        running.add(dtk);
        for (Hub other : hubs.subList(1, hubs.size())) {
            dtk.alongside(other);
        }
        DtkGateway gateway = dtk.startGateway(GatewayConfig.fromEnv(System.getenv()).host(gatewayHost)
                .port(gatewayPort).insecure(insecure), routes -> routes.route("GET", "/dev/sms", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
                    var to = exchange.getQueryParameters().get("to");
                    Object messages = to == null ? smsOutbox.all() : smsOutbox.messagesTo(to.getFirst());
                    exchange.getResponseSender().send(new String(DtkJson.write(messages), StandardCharsets.UTF_8));
                }));
        printWelcome(spec.commandLine().getOut(), dtk.bootstrapServers(), catalog, hubs);
        printGateway(spec.commandLine().getOut(), gateway, catalog);
        printOperations(spec.commandLine().getOut(), gateway, dtk);
        stopped.await();
        return 0;
    }

    private void printWelcome(PrintWriter out, String bootstrap, AppCatalog catalog, List<Hub> hubs) {
        String name = first(catalog);
        Hub hub = hubs.get(0);
        String hubOption = hub.isDefault() ? "" : " --hub " + hub;
        String id = name.equals("HelloSequence") ? "hello" : name.toLowerCase(java.util.Locale.ROOT);
        out.printf("""

                dtk dev is running
                  Kafka broker   %s   (KRaft, in-process; data in %s)
                  task hubs      %s   (each with its own topics, engine and workers)
                  apps           %s
                  engine         orchestrators %s
                  workers        queues %s

                Start %s by producing a JSON command to %s (key = instance ID):
                  ./dtk send%s %s-1 '{"type":"start","name":"%s"}'
                and read its status from %s:
                  ./dtk status%s %s-1
                With Kafka's own tools:
                  echo '%s-2|{"type":"start","name":"%s"}' | kafka-console-producer.sh \\
                    --bootstrap-server %s --topic %s --property parse.key=true --property key.separator='|'
                %n""", bootstrap, home.toAbsolutePath(), hubs, catalog.apps(), catalog.orchestrators().names(),
                catalog.queues(), name, hub.commands(), hubOption, id, name, hub.instanceStatus(), hubOption, id, id,
                name, bootstrap, hub.commands());
        out.flush();
    }

    /** The orchestrator a newcomer tries first: the hello sample, else the app's first. */
    private static String first(AppCatalog catalog) {
        var names = catalog.orchestrators().names();
        return names.contains("HelloSequence") || names.isEmpty() ? "HelloSequence" : names.first();
    }

    private static void printGateway(PrintWriter out, DtkGateway gateway, AppCatalog catalog) {
        String key = System.getenv().getOrDefault("DTK_GATEWAY_KEYS", "").split(",")[0].trim();
        String code = key.isEmpty() ? "" : "?code=<key>";
        out.printf("""
                HTTP gateway (the Durable Functions HTTP API) on %s
                  curl -i -X POST %s/runtime/webhooks/durabletask/orchestrators/%s%s
                then follow the Location header it answers with until it says 200.
                Phone verification: see the README; SMS land in the log and at %s/dev/sms
                %n""", gateway.url(), gateway.url(), first(catalog), code, gateway.url());
        out.flush();
    }

    private static void printOperations(PrintWriter out, DtkGateway gateway, LocalDtk dtk) {
        String engine = dtk.engine().queryUrl().orElse("(no query endpoint)");
        out.printf("""
                Web console     %s   (asks for a key when DTK_GATEWAY_KEYS is set)
                Metrics         %s/metrics   (Prometheus: engine, workers and gateway of this process)
                                %s/metrics   (the same, on the engine's query port)
                Health          %s/health/ready   %s/health/ready
                Manage          ./dtk instances list --gateway %s
                                ./dtk entities list --gateway %s
                Traces          off unless OTEL_TRACES_EXPORTER is set (console, or otlp with OTEL_EXPORTER_OTLP_ENDPOINT)

                Ctrl-C stops everything.
                %n""", gateway.consoleUrl(), gateway.url(), engine, gateway.url(), engine, gateway.url(),
                gateway.url());
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
