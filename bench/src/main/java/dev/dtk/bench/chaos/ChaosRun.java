package dev.dtk.bench.chaos;

import dev.dtk.testkit.FreePorts;
import dev.dtk.testkit.TestKafkaCluster;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One chaos run: a three-broker cluster whose brokers are processes of their own, two engines, two
 * workers per queue and two gateways started with the real {@code dtk} commands, the load, the kills,
 * and the checks once everything has settled.
 */
public final class ChaosRun {

    static final List<String> QUEUES = List.of("default", "sms");
    private static final Duration READY = Duration.ofMinutes(2);

    private final ChaosSettings settings;
    private final PrintStream out;
    private final long begin = System.nanoTime();

    public ChaosRun(ChaosSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs it; progress goes to the given stream as it happens. */
    public ChaosReport run() throws Exception {
        Path work = settings.workDir();
        say("starting three Kafka brokers, each its own process (replication 3, min.insync.replicas 2)");
        try (TestKafkaCluster kafka = TestKafkaCluster.startKillable(work.resolve("kafka"), 3);
                SmsInbox inbox = new SmsInbox()) {
            kafka.createTopics(settings.partitions(), QUEUES);
            String bootstrap = kafka.bootstrapServers();
            Deployment dtk = new Deployment(bootstrap, inbox.url());
            say("starting " + dtk.all.size() + " dtk processes: " + dtk.all + " (logs in " + work.resolve("logs") + ")");
            dtk.all.forEach(Service::start);
            try (StatusFeed statuses = new StatusFeed(bootstrap, work.resolve("status-view"));
                    Doors doors = new Doors(dtk.gatewayUrls, bootstrap);
                    Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
                dtk.awaitReady(doors);
                CommandLog log = new CommandLog();
                String runId = "chaos" + Long.toString(settings.seed(), 36);
                List<Scenario> scenarios = new ArrayList<>();
                for (int n = 0; n < settings.instances(); n++) {
                    scenarios.add(Scenario.number(runId, n));
                }
                try (Load load = new Load(doors, log, inbox)) {
                    warmUp(load, statuses, runId);
                    RecoveryProbe probe = new RecoveryProbe(admin, dtk::ownerOf);
                    Killer killer = new Killer(dtk.killable(), dtk.gateways, QUEUES, kafka, probe, doors,
                            new Random(settings.seed()), Duration.ofMinutes(3), this::say);
                    long loadStart = System.nanoTime();
                    say("load: " + scenarios.size() + " orchestrations over " + settings.loadDuration().toSeconds()
                            + " s; a kill -9 every " + settings.killEvery().toSeconds() + " s"
                            + (settings.killBroker() ? ", and one broker" : ""));
                    java.util.concurrent.atomic.AtomicBoolean loadRuns = new java.util.concurrent.atomic.AtomicBoolean(true);
                    Thread kills = Thread.ofPlatform().name("chaos-killer").start(() -> {
                        try {
                            killer.run(loadStart, loadRuns::get, settings.killEvery(),
                                    settings.killBroker() ? settings.loadDuration().multipliedBy(2).dividedBy(5) : null,
                                    settings.brokerDown());
                        } catch (Exception e) {
                            say("the killer stopped: " + e);
                        }
                    });
                    load.run(scenarios, settings.loadDuration(), runId);
                    load.awaitStarts(Duration.ofMinutes(5));
                    loadRuns.set(false);
                    Duration loadTook = Duration.ofNanos(System.nanoTime() - loadStart);
                    kills.join();
                    killer.brokerBack().get(3, TimeUnit.MINUTES);
                    say("load sent; kills over; waiting for every orchestration to finish");
                    drain(scenarios, statuses);
                    for (Killer.Kill kill : killer.kills()) {
                        kill.recovery().get(4, TimeUnit.MINUTES);
                    }
                    say("checking " + scenarios.size() + " orchestrations and their sub-orchestrations");
                    Checks.Findings findings = new Checks(statuses, doors, log, inbox)
                            .check(scenarios, load.poison(), bootstrap);
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
                    return new ChaosReport(settings, findings, log, killer.kills(), inbox.total(), inbox.lookups(),
                            load.givenUp(), doors.unknownAnswers(), loadTook, elapsed);
                }
            } finally {
                dtk.all.forEach(Service::stop);
            }
        }
    }

    /** One hello sequence through a gateway before the load: everything is up and talking. */
    private void warmUp(Load load, StatusFeed statuses, String runId) throws InterruptedException {
        Scenario hello = Scenario.number(runId + "-warmup", 0);
        load.run(List.of(hello), Duration.ZERO, runId + "-warmup");
        await("the warm-up orchestration to finish", READY, () -> statuses.finished(hello.instanceId()));
    }

    private void drain(List<Scenario> scenarios, StatusFeed statuses) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        scenarios.forEach(s -> {
            ids.add(s.instanceId());
            s.children().forEach(c -> ids.add(c.instanceId()));
        });
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        long lastSaid = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long left = ids.stream().filter(id -> !statuses.finished(id)).count();
            if (left == 0) {
                return;
            }
            if (System.nanoTime() - lastSaid > TimeUnit.SECONDS.toNanos(15)) {
                say(left + " of " + ids.size() + " orchestrations not finished yet");
                lastSaid = System.nanoTime();
            }
            Thread.sleep(500);
        }
        say("stopped waiting after " + settings.drainTimeout().toSeconds() + " s");
    }

    void say(String message) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin);
        out.printf("[%d:%02d] %s%n", seconds / 60, seconds % 60, message);
        out.flush();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            Thread.sleep(100);
        }
    }

    /** The dtk processes of the run and where they listen. */
    private final class Deployment {

        final List<Service> engines = new ArrayList<>();
        final List<Service> workers = new ArrayList<>();
        final List<Service> gateways = new ArrayList<>();
        final List<Service> all = new ArrayList<>();
        final List<URI> gatewayUrls = new ArrayList<>();

        Deployment(String bootstrap, URI smsApi) {
            Path work = settings.workDir();
            Path logs = work.resolve("logs");
            Map<String, String> member = Map.of("DTK_KAFKA_SESSION_TIMEOUT_MS", "6000",
                    "DTK_KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
            List<String> engineUrls = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                int port = FreePorts.one();
                engineUrls.add("http://127.0.0.1:" + port);
                Map<String, String> env = new HashMap<>(member);
                env.put("DTK_SMS_WINDOW_SECONDS", Long.toString(settings.smsWindow().toSeconds()));
                engines.add(new Service("engine-" + i, Service.Role.ENGINE, null, settings.root(), logs, env,
                        List.of("engine", "--bootstrap-servers", bootstrap, "--state-dir",
                                work.resolve("engine-" + i).toString(), "--query-port", Integer.toString(port),
                                "--standby-replicas", Integer.toString(settings.standbyReplicas()))));
            }
            for (String queue : QUEUES) {
                for (int i = 1; i <= 2; i++) {
                    Map<String, String> env = new HashMap<>(member);
                    if (queue.equals("sms")) {
                        env.putAll(Map.of("TWILIO_ACCOUNT_SID", "AC00000000000000000000000000000000",
                                "TWILIO_AUTH_TOKEN", "chaos", "TWILIO_PHONE_NUMBER", "+15550000000",
                                "TWILIO_API_URL", smsApi.toString()));
                    }
                    workers.add(new Service("worker-" + queue + "-" + i, Service.Role.WORKER, queue, settings.root(),
                            logs, env, List.of("worker", "--bootstrap-servers", bootstrap, "--queue", queue)));
                }
            }
            for (int i = 1; i <= 2; i++) {
                int port = FreePorts.one();
                gatewayUrls.add(URI.create("http://127.0.0.1:" + port));
                List<String> args = new ArrayList<>(List.of("gateway", "--bootstrap-servers", bootstrap, "--port",
                        Integer.toString(port), "--state-dir", work.resolve("gateway-" + i).toString()));
                engineUrls.forEach(url -> args.addAll(List.of("--engine-url", url)));
                gateways.add(new Service("gateway-" + i, Service.Role.GATEWAY, null, settings.root(), logs, Map.of(),
                        args));
            }
            all.addAll(engines);
            all.addAll(workers);
            all.addAll(gateways);
        }

        List<Service> killable() {
            return all;
        }

        void awaitReady(Doors doors) throws InterruptedException {
            for (Service engine : engines) {
                await(engine + " running", READY, () -> engine.logged("to RUNNING") || dead(engine));
            }
            for (Service worker : workers) {
                await(worker + " in its group", READY, () -> worker.logged("partitions assigned") || dead(worker));
            }
            for (int i = 0; i < gateways.size(); i++) {
                int index = i;
                await(gateways.get(i) + " ready", READY, () -> doors.ready(index) || dead(gateways.get(index)));
            }
            for (Service service : all) {
                if (!service.alive()) {
                    throw new IllegalStateException(service + " exited while starting; see " + service.log());
                }
            }
            say("all " + all.size() + " dtk processes are up");
        }

        private boolean dead(Service service) {
            return !service.alive();
        }

        /** The service a Kafka client ID belongs to. */
        String ownerOf(String clientId) {
            for (Service service : all) {
                if (clientId.equals(service.clientId()) || clientId.startsWith(service.clientId() + "-")) {
                    return service.name();
                }
            }
            return clientId;
        }
    }

}
