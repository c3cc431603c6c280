package dev.dtk.bench;

import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.HelloSequence;
import dev.dtk.samples.SampleApp;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtk bench}: dtk's figures on the in-process broker, each printed with its setup. Everything
 * (broker, engine, worker, the benchmark's client) shares this JVM and this machine's cores.
 */
@Command(name = "dtk bench", mixinStandardHelpOptions = true,
        description = "Measure orchestration latency and throughput on an in-process Kafka broker.")
public final class Bench implements java.util.concurrent.Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Option(names = "--sequential", defaultValue = "300", description = "Hello sequences run one at a time (a).")
    int sequential;

    @Option(names = "--instances", defaultValue = "10000", description = "Hello sequences of the load run (b).")
    int instances;

    @Option(names = "--in-flight", defaultValue = "64", description = "Instances in flight in the load run (b).")
    int inFlight;

    @Option(names = "--http-sequential", defaultValue = "200",
            description = "Hello sequences started through the gateway one at a time (d).")
    int httpSequential;

    @Option(names = "--view-size", defaultValue = "100000",
            description = "Instances in the gateway's status view for the GET run (f).")
    int viewSize;

    @Option(names = "--get-seconds", defaultValue = "10", description = "Length of the status GET run (f).")
    int getSeconds;

    @Option(names = "--waiting", defaultValue = "100000",
            description = "Phone verifications waiting at once for the footprint run (j).")
    int waiting;

    @Option(names = "--sms-window-seconds", defaultValue = "86400",
            description = "How long a phone verification waits for its answers (its timer). Longer than the"
                    + " waiting run (j) takes, so that every verification started still waits; shorter, and the"
                    + " first ones expire while the rest start.")
    long smsWindowSeconds;

    @Option(names = "--timers", defaultValue = "10000", description = "Timers due within 10 s for the lateness run (i).")
    int timers;

    @Option(names = "--warmup-seconds", defaultValue = "150",
            description = "Longest warm-up before the load runs and before the phone runs: rounds of load until the"
                    + " JIT compiler is quiet.")
    long warmupSeconds;

    @Option(names = "--timer-sweep-ms", defaultValue = "10",
            description = "How often the engine looks for due timers in the phone runs (g) to (j).")
    long timerSweepMs;

    @Option(names = "--skip-failover", description = "Leave out the failover to a standby replica after (j); its"
            + " second engine, a process of its own, reads every changelog (about 40 s per 1,000,000 waiting).")
    boolean skipFailover;

    @Option(names = "--skip-phone", description = "Leave out the phone verification runs (g) to (j).")
    boolean skipPhone;

    @Option(names = "--steps", defaultValue = "1000", description = "Activities of the long sequence (l).")
    int steps;

    @Option(names = "--fan-out", defaultValue = "1000,4000,10000", split = ",",
            description = "Sizes of the fan-out/fan-in runs (m).")
    List<Integer> fanOuts;

    @Option(names = "--entity-ops", defaultValue = "5000", description = "Signals to one entity (q).")
    int entityOps;
    @Option(names = "--entities", defaultValue = "1000", description = "Entities of the entity load (s).")
    int entities;
    @Option(names = "--entity-load", defaultValue = "20000", description = "Operations of the entity load (s).")
    int entityLoad;
    @Option(names = "--entity-calls", defaultValue = "300", description = "callEntity in a row from one orchestration (t).")
    int entityCalls;
    @Option(names = "--only", description = "Run only this part: history (l, m), load (a to f, k), phone (g to j),"
            + " http (n to p), entities (q to t), scale-out (u, v; only when named) or timers-process ((i) with the"
            + " engine as its own process; only when named) or timer-tombstones (the timers store's reads over fired"
            + " timers, without a broker; only when named) or timer-backlog (the cost of a fire in a backlog of due"
            + " timers, the engine's topology without a broker; only when named).")
    String only;

    @Option(names = "--backlog-instances", defaultValue = "5000",
            description = "timer-backlog: instances whose timers are due at the same moment.")
    int backlogInstances;

    @Option(names = "--backlog-rounds", defaultValue = "6",
            description = "timer-backlog: rounds, the first a warm-up.")
    int backlogRounds;

    @Option(names = "--backlog-busy", defaultValue = "0",
            description = "timer-backlog: threads spinning beside the fires, as other work keeps the cores busy.")
    int backlogBusy;

    @Option(names = "--tombstone-pending", defaultValue = "200000",
            description = "timer-tombstones: timers waiting in the store while others fire.")
    int tombstonePending;

    @Option(names = "--tombstone-fired", defaultValue = "1000000",
            description = "timer-tombstones: timers fired (deleted) one by one, each replaced by a new one.")
    int tombstoneFired;

    @Option(names = "--process-pending", defaultValue = "1000000",
            description = "Timers due in hours set before the lateness run of timers-process.")
    int processPending;

    @Option(names = "--process-engine-jvm", defaultValue = "-Xms256m,-Xmx1g,-XX:+UseG1GC", split = ",",
            description = "JVM options of the engine process of timers-process (comma-separated).")
    List<String> processEngineJvm;

    @Option(names = "--process-engine-in-bench", description = "timers-process: build the engine in the bench's JVM"
            + " as dtk engine builds it, instead of its own process (tells the process boundary from the setup).")
    boolean processEngineInBench;

    @Option(names = "--scale-out-instances", defaultValue = "4000",
            description = "Hello sequences of each scale-out throughput run (u).")
    int scaleOutInstances;

    @Option(names = "--join-seconds", defaultValue = "40",
            description = "Length of the load while a second engine joins (v).")
    int joinSeconds;

    @Option(names = "--join-after-seconds", defaultValue = "10",
            description = "Seconds of that load before the second engine starts (v).")
    int joinAfterSeconds;

    @Option(names = "--service-cpus", paramLabel = "CPUS",
            description = "Start the scale-out runs' engines and workers under taskset -c CPUS (u, v); default: unpinned.")
    String serviceCpus;

    @Option(names = "--http-calls", defaultValue = "300",
            description = "callHttp orchestrations run one at a time (n to p); four times as many in the load run.")
    int httpCalls;
    @Option(names = "--attack-connections", defaultValue = "300",
            description = "Connections without a key that hang on to the gateway during the attack run (k).")
    int attackConnections;

    @Option(names = "--attack-gets", defaultValue = "1000",
            description = "Keyed status GETs timed without and with the attack (k).")
    int attackGets;

    @Option(names = "--attack-only", description = "Run only the attack run (k), in about a minute.")
    boolean attackOnly;

    @Option(names = "--floor", defaultValue = "2000", description = "Plain Kafka round trips (c).")
    int floorTrips;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of dtk's topics.")
    int partitions;

    @Option(names = "--commit-interval-ms", defaultValue = "10", description = "The engine's commit interval.")
    long commitIntervalMs;

    @Option(names = "--engine-linger-ms", defaultValue = "5",
            description = "linger.ms of the engine's producer (the engine's default: 5).")
    long engineLingerMs;

    @Option(names = "--stream-threads", defaultValue = "1", description = "The engine's stream threads.")
    int streamThreads;

    @Option(names = "--engine-setting", paramLabel = "NAME=VALUE",
            description = "Any Kafka Streams setting for the engine (repeatable).")
    Map<String, String> engineSettings = new java.util.LinkedHashMap<>();

    @Option(names = "--engine-compression", defaultValue = "none", description = "compression.type of the engine's producer.")
    String engineCompression;

    private final PrintStream out = System.out;
    private final Scorecard scorecard = new Scorecard();

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "logback-bench.xml");
        int exit = new CommandLine(new Bench()).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        try {
            run();
        } catch (Exception | Error e) {
            out.println("the run failed; its folders are kept for diagnosis: " + BenchHome.keepForDiagnosis());
            throw e;
        }
        if (!scorecard.isEmpty()) {
            out.println();
            out.println("Issue 13's figures against their targets (one run; quote medians over several):");
            scorecard.print(out);
        }
        return 0;
    }

    private void run() throws Exception {
        if ("history".equals(only)) {
            printHistory();
            return;
        }
        if ("entities".equals(only)) {
            printEntities();
            return;
        }
        if ("http".equals(only)) {
            printHttp();
            return;
        }
        if ("scale-out".equals(only)) {
            printScaleOut();
            return;
        }
        if ("timer-tombstones".equals(only)) {
            List<String> rows = TimerTombstonesBench.run(out, tombstonePending, tombstoneFired);
            out.println();
            out.println("| timers store | result |");
            out.println("|---|---|");
            rows.forEach(out::println);
            return;
        }
        if ("timer-backlog".equals(only)) {
            List<String> rows = TimerBacklogBench.run(out, backlogInstances, backlogRounds, backlogBusy);
            out.println();
            out.println("| timer backlog | result |");
            out.println("|---|---|");
            rows.forEach(out::println);
            return;
        }
        if ("timers-process".equals(only)) {
            List<String> rows = TimerProcessBench.run(out, new TimerProcessBench.Settings(processPending, timers,
                    partitions, commitIntervalMs, processEngineJvm, processEngineInBench));
            out.println();
            out.println("| timer lateness, the engine its own process | result |");
            out.println("|---|---|");
            rows.forEach(out::println);
            return;
        }
        if (!"phone".equals(only)) {
            runLoad();
        }
        if ("load".equals(only) || attackOnly) {
            return;
        }
        if (!skipPhone) {
            List<String> phone = PhoneSuite.run(out, 200, 5000, 64, waiting, timers, partitions, timerSweepMs,
                    engineSettings, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(smsWindowSeconds),
                    !skipFailover, scorecard);
            out.println();
            out.println("| phone verification (its own broker and engine, SMS to the development outbox) | result |");
            out.println("|---|---|");
            phone.forEach(out::println);
            out.println();
            out.println("Targets: (g) p50 <= 15 ms; (h) >= 500/s; (i) p99 <= 50 ms; (j) heap flat, <= 4 KB disk each.");
        }
        if (!"phone".equals(only)) {
            printHistory();
            printHttp();
            printEntities();
        }
    }

    private void printEntities() throws Exception {
        List<String> rows = EntityBench.run(out, partitions, entityOps, entities, inFlight, entityLoad, entityCalls);
        out.println();
        out.println("| durable entities (their own broker and engine; signals produced to dtk.commands, states seen"
                + " read_committed on dtk.entities) | result |");
        out.println("|---|---|");
        rows.forEach(out::println);
    }

    private void printScaleOut() throws Exception {
        List<String> rows = ScaleOutBench.run(out, new ScaleOutBench.Settings(scaleOutInstances, inFlight, partitions,
                commitIntervalMs, Duration.ofSeconds(joinSeconds), Duration.ofSeconds(joinAfterSeconds), serviceCpus));
        out.println();
        out.println("| scale-out (engines and workers as OS processes, one broker, 2 workers) | result |");
        out.println("|---|---|");
        rows.forEach(out::println);
    }

    private void printHttp() throws Exception {
        List<String> rows = HttpBench.run(out, httpCalls, inFlight, partitions);
        out.println();
        out.println("| callHttp to a local endpoint (its own broker and engine, worker of queue http) | result |");
        out.println("|---|---|");
        rows.forEach(out::println);
    }

    /**
     * The processor's model as Linux names it, so that figures from different machines are not taken for
     * one another: the same code gave (a) 9.4 ms on one 2-core machine and 17-19 ms on another.
     */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    private void runLoad() throws Exception {
        Path home = BenchHome.create("dtk-bench");
        out.printf("dtk bench — %s%n", java.time.Instant.now());
        out.printf("setup: %d cores (%s), JVM %s, Kafka %s, one in-process KRaft broker; engine (exactly_once_v2,"
                        + " commit.interval %d ms, poll 5 ms,"
                        + " producer linger %d ms, %d stream threads), one worker (64 in flight) and this client in one JVM; %d partitions; completion seen by a read_committed consumer of %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), Runtime.version(),
                org.apache.kafka.common.utils.AppInfoParser.getVersion(), commitIntervalMs, engineLingerMs, streamThreads, partitions, Topics.INSTANCE_STATUS);
        AppCatalog samples = AppCatalog.of(List.of(new SampleApp()), Map.of(), () -> (to, body) -> { });
        try (LocalDtk dtk = LocalDtk.start(home, 0, partitions, samples, engine -> engine
                        .commitInterval(Duration.ofMillis(commitIntervalMs))
                        .streamThreads(streamThreads)
                        .kafka("producer.linger.ms", Long.toString(engineLingerMs))
                        .kafka("producer.compression.type", engineCompression)
                        .kafka(engineSettings));
                DtkClient commands = client(dtk.bootstrapServers(), home.resolve("client"))) {
            CompletionWatcher completions = new CompletionWatcher(commands);
            if (attackOnly) {
                out.println("the gateway under attack: keyed status GETs without and with hostile connections...");
                AttackBench.Rows attack = new AttackBench(dtk).run(attackGets, attackConnections);
                out.println();
                out.println("| measurement | result |");
                out.println("|---|---|");
                AttackBench.print(out, attack);
                out.println("hostile connections at the end: " + attack.stillOpen());
                return;
            }
            Client client = new Client(completions);
            JitWarmup.run(out, "hello sequences (rounds of 1,000, 64 in flight)",
                    round -> client.load("warmup-" + round + "-", 1000, inFlight), Duration.ofSeconds(warmupSeconds));

            Percentiles floor = KafkaFloor.roundTrips(dtk.bootstrapServers(), floorTrips);

            List<Long> sequentialMicros = new ArrayList<>();
            List<Long> stepMicros = new ArrayList<>();
            SequenceParts parts = new SequenceParts("(a)");
            for (int i = 0; i < sequential; i++) {
                String id = "seq-" + i;
                long sent = System.currentTimeMillis();
                sequentialMicros.add(client.runOne(id));
                long seen = System.currentTimeMillis();
                List<HistoryEvent> history = dtk.engine().localInstance(id).orElseThrow().history();
                stepMicros.addAll(stepIntervals(history));
                parts.add(sent, SequenceParts.firstStepStart(history), SequenceParts.end(history), seen);
            }
            Percentiles oneAtATime = new Percentiles(sequentialMicros);
            Percentiles steps = new Percentiles(stepMicros);

            ClosedLoop.Result load;
            CpuProfile.Shares loadProfile;
            try (CpuProfile profile = CpuProfile.start()) {
                load = client.load("load-", instances, inFlight);
                loadProfile = profile.stop();
            }

            out.println("the gateway: HTTP starts, then status GETs...");
            GatewayBench.Rows http = new GatewayBench(dtk, completions).run(httpSequential, instances, inFlight,
                    viewSize, Duration.ofSeconds(getSeconds));
            out.println("the gateway under attack: keyed status GETs without and with hostile connections...");
            AttackBench.Rows attack = new AttackBench(dtk).run(attackGets, attackConnections);

            String setup = partitions + " partitions, commit interval " + commitIntervalMs + " ms";
            scorecard.record("hello (3 steps), " + inFlight + " in flight", load.perSecond(), "/s",
                    Scorecard.Goal.AT_LEAST, 800, instances + " instances, " + setup,
                    "the cores: " + loadProfile.top() + ", " + CpuProfile.IDLE + " "
                            + percent(loadProfile.share(CpuProfile.IDLE))
                            + " (row (b) CPU); the stream thread's time: row (b) stream thread");
            scorecard.record("hello, one at a time, p50", oneAtATime.p(50), "ms", Scorecard.Goal.AT_MOST, 12,
                    "started over Kafka, " + setup, parts.limit() + String.format("; the Kafka floor (c) is %.1f ms a hop",
                            floor.p(50)));
            scorecard.record("hello, one at a time, p50, HTTP", http.oneAtATime().p(50), "ms", Scorecard.Goal.AT_MOST,
                    15, "POST with an instance ID, " + setup, String.format("(a)'s parts, plus %.1f ms for the HTTP"
                            + " start (the check that the ID is not live, then the produce)",
                            http.oneAtATime().p(50) - oneAtATime.p(50)));
            scorecard.record("one step (activity round trip), p50", steps.p(50), "ms", Scorecard.Goal.AT_MOST, 2,
                    setup, String.format("two Kafka hops (engine → worker → engine; the floor (c) is %.1f ms a hop)"
                            + " plus the worker and the engine's step; history timestamps are whole ms", floor.p(50)));
            out.println();
            out.println("| measurement | result |");
            out.println("|---|---|");
            out.printf("| (a) hello sequence (3 activities), one at a time, start → completion seen | %s |%n", oneAtATime);
            out.printf("| (a) per step: one activity round trip, engine step to next engine step | %s |%n", steps);
            parts.rows().forEach(out::println);
            out.printf("| (b) hello sequence, %d instances, %d in flight: throughput | %.0f orchestrations/s |%n",
                    instances, inFlight, load.perSecond());
            out.printf("| (b) same: start → completion latency | %s |%n", load.latency());
            out.printf("| (b) same: where the CPU went (thread CPU clocks) | %s |%n", loadProfile.cpuLine());
            out.printf("| (b) same: what the engine's stream thread did | %s |%n", loadProfile.streamThreadLine());
            out.printf("| (c) Kafka floor: plain produce → consume round trip, linger 0, acks=all | %s |%n", floor);
            GatewayBench.print(out, http, instances, inFlight);
            AttackBench.print(out, attack);
            out.println();
            out.println("Targets on this 2-core machine: (b) >= 500 orchestrations/s; (a) p50 <= 30 ms end to end.");
        }
    }

    private void printHistory() throws Exception {
        List<String> rows = HistoryBench.run(out, steps, fanOuts, partitions);
        out.println();
        out.println("| long histories and wide fan-outs (their own broker and engine) | result |");
        out.println("|---|---|");
        rows.forEach(out::println);
        out.println();
        out.println("Targets: (l) the last 100 steps within 1.2 x the first 100; (m) 10,000 in <= 7 s, 1,000 in"
                + " <= 0.4 s, changelog bytes per activity flat in n.");
    }

    static String percent(double share) {
        return String.format("%.0f%%", share * 100);
    }

    /** Time between consecutive engine steps of one instance: each is one activity round trip. */
    private static List<Long> stepIntervals(List<HistoryEvent> history) {
        List<Long> starts = history.stream().filter(HistoryEvent.OrchestratorStarted.class::isInstance)
                .map(e -> e.timestamp().toEpochMilli()).toList();
        List<Long> micros = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            micros.add((starts.get(i) - starts.get(i - 1)) * 1_000);
        }
        return micros;
    }

    /**
     * The benchmark's client, as a service would have one: commands go out through {@link DtkClient#send}
     * (idempotent, acks=all, linger 0), completions come from its status view ({@link CompletionWatcher}).
     */
    static DtkClient client(String bootstrapServers, Path stateDir) {
        return DtkClient.builder().kafka(KafkaSettings.of(bootstrapServers)).stateDir(stateDir).build();
    }

    /** Starts hello sequences with {@link DtkClient#send} (no checks, no extra round trip) and times them. */
    record Client(CompletionWatcher completions) {

        private static final StartOrchestration START = StartOrchestration.of(HelloSequence.NAME, null);

        long runOne(String id) throws Exception {
            CompletableFuture<InstanceStatus> done = completions.expect(id);
            long start = System.nanoTime();
            start(id);
            ClosedLoop.checkCompleted(id, done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            return (System.nanoTime() - start) / 1_000;
        }

        ClosedLoop.Result load(String prefix, int count, int inFlight) throws Exception {
            return ClosedLoop.run(completions, prefix, count, inFlight, this::start);
        }

        /** Starts a hello sequence with the given ID, without waiting. */
        void start(String id) {
            completions.send(id, START);
        }
    }
}
