package dev.dtk.bench;

import dev.dtk.client.DtkClient;
import dev.dtk.bench.chaos.Service;
import dev.dtk.topics.Topics;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.FutureTask;

/**
 * (u) and (v): dtk scaled out, each engine and worker its own OS process started with the real
 * {@code dtk} command on one broker. (u) the throughput of hello sequences with one engine, one engine
 * of two stream threads and two engines, two workers each time, every run on a fresh broker; (v) a
 * second engine joins while one engine carries the load: how long until every partition is processed
 * again, and the longest any instance waited meanwhile.
 */
final class ScaleOutBench {

    /** What the runs do; {@code serviceCpus} (a taskset CPU list) pins the services, or null. */
    record Settings(int instances, int inFlight, int partitions, long commitIntervalMs, Duration joinLoad,
            Duration joinAfter, String serviceCpus) {
    }

    private record Shape(int engines, int streamThreads) {

        @Override
        public String toString() {
            return engines == 1 ? "1 engine, " + streamThreads + " stream thread" + (streamThreads == 1 ? "" : "s")
                    : engines + " engines, " + streamThreads + " stream thread each";
        }
    }

    private static final int ONE_AT_A_TIME = 100;
    private static final int WARMUP_ROUND = 300;
    private static final Duration WARMUP_MAX = Duration.ofSeconds(120);

    private final PrintStream out;
    private final Settings settings;
    private final Path dir;
    private final List<String> launcher;

    private ScaleOutBench(PrintStream out, Settings settings, Path dir) {
        this.out = out;
        this.settings = settings;
        this.dir = dir;
        this.launcher = launcher(settings);
    }

    /** (v): the restore lag up to which a joining engine takes its partitions at once. */
    private static final long JOIN_RECOVERY_LAG = 10_000_000;

    /** Runs (u) and (v), printing the setup and progress; returns the table's rows. */
    static List<String> run(PrintStream out, Settings settings) throws Exception {
        Path dir = BenchHome.create("dtk-scale-out-");
        ScaleOutBench bench = new ScaleOutBench(out, settings, dir);
        out.printf("dtk bench scale-out — %s%n", java.time.Instant.now());
        out.printf("setup: %d cores; one Kafka %s broker (KRaft) in this JVM, a fresh one for each run; engines and"
                        + " workers each their own OS process (dtk engine|worker, JVM %s %s), exactly_once_v2,"
                        + " commit.interval %d ms; %d partitions; 2 workers (64 in flight each) in every run;"
                        + " hello sequences (3 activities) produced to %s by this JVM, completion seen read_committed"
                        + " on %s%n",
                Runtime.getRuntime().availableProcessors(), org.apache.kafka.common.utils.AppInfoParser.getVersion(),
                Runtime.version().feature(), String.join(" ", ScaleOutCluster.JVM), settings.commitIntervalMs(),
                settings.partitions(), Topics.COMMANDS, Topics.INSTANCE_STATUS);
        out.println("setup: CPU: " + (launcher(settings).isEmpty()
                ? "nothing pinned: the broker, this client and every service share all "
                        + Runtime.getRuntime().availableProcessors() + " cores in every run"
                : "every engine and worker started under `" + String.join(" ", launcher(settings))
                        + "` in every run; the broker and this client unpinned"));
        List<String> rows = new ArrayList<>();
        for (Shape shape : List.of(new Shape(1, 1), new Shape(1, 2), new Shape(2, 1))) {
            rows.add(bench.throughput(shape));
        }
        rows.addAll(bench.join());
        out.println("logs and data: " + dir);
        return rows;
    }

    private static List<String> launcher(Settings settings) {
        return settings.serviceCpus() == null ? List.of() : List.of("taskset", "-c", settings.serviceCpus());
    }

    private String throughput(Shape shape) throws Exception {
        out.println("(u) " + shape + ", 2 workers: starting the processes...");
        Path runDir = dir.resolve(shape.engines() + "x" + shape.streamThreads());
        try (ScaleOutCluster cluster = ScaleOutCluster.start(runDir, settings.partitions(),
                settings.commitIntervalMs(), launcher)) {
            List<Service> engines = new ArrayList<>();
            for (int i = 1; i <= shape.engines(); i++) {
                engines.add(cluster.engine("engine-" + i, shape.streamThreads()));
            }
            List<Service> all = new ArrayList<>(engines);
            all.add(cluster.worker("worker-1"));
            all.add(cluster.worker("worker-2"));
            all.forEach(Service::start);
            for (Service service : all) {
                ScaleOutCluster.awaitReady(service);
            }
            try (DtkClient dtk = Bench.client(cluster.bootstrapServers(), dir.resolve("client-" + shape.engines()
                    + "-" + shape.streamThreads()))) {
                CompletionWatcher completions = new CompletionWatcher(dtk);
                Bench.Client client = new Bench.Client(completions);
                warmUp(client, all);
                Map<String, TreeSet<Integer>> owned = EngineGroupWatch.owned(cluster.admin(), engines);
                List<Long> alone = new ArrayList<>();
                for (int i = 0; i < ONE_AT_A_TIME; i++) {
                    alone.add(client.runOne("alone-" + i));
                }
                Percentiles oneAtATime = new Percentiles(alone);
                ClosedLoop.Result load = client.load("load-", settings.instances(), settings.inFlight());
                out.printf("    %.0f orchestrations/s; one at a time p50 %.1f ms; partitions %s%n", load.perSecond(),
                        oneAtATime.p(50), owned);
                return String.format("| (u) hello sequence, %,d instances, %d in flight: %s (partitions %s) |"
                        + " %.0f orchestrations/s; start → completion %s; one at a time (%d) p50 %.1f ms |",
                        settings.instances(), settings.inFlight(), shape, owned, load.perSecond(), load.latency(),
                        ONE_AT_A_TIME, oneAtATime.p(50));
            }
        }
    }

    /**
     * Rounds of load until the compilers of this JVM and of every service are quiet: measured cold, (u)
     * showed the JIT compiling in four JVMs on two cores, not dtk.
     */
    private void warmUp(Bench.Client client, List<Service> services) throws Exception {
        long self = ProcessHandle.current().pid();
        JitWarmup.run(out, "    warm-up (rounds of " + WARMUP_ROUND + " hello sequences, 32 in flight)",
                round -> client.load("warmup-" + round + "-", WARMUP_ROUND, 32), WARMUP_MAX, () -> {
                    long nanos = CpuProfile.compilerCpu(self);
                    for (Service service : services) {
                        nanos += CpuProfile.compilerCpu(service.pid());
                    }
                    return nanos;
                });
    }

    private List<String> join() throws Exception {
        out.printf("(v) engine-2 joins after %d s of load with engine-1 (%d s of load in all): starting the"
                + " processes...%n", settings.joinAfter().toSeconds(), settings.joinLoad().toSeconds());
        try (ScaleOutCluster cluster = ScaleOutCluster.start(dir.resolve("join"), settings.partitions(),
                settings.commitIntervalMs(), launcher)) {
            // by default a joining engine whose restore lag exceeds acceptable.recovery.lag (10,000 records)
            // warms up first and takes partitions only at a probing rebalance, minutes later: measured so,
            // it took none within the load. Here it is told to take them at once, restoring as it goes,
            // so that (v) measures the hand-over under load
            List<String> takeAtOnce = List.of("--kafka", "acceptable.recovery.lag=" + JOIN_RECOVERY_LAG);
            Service first = cluster.engine("engine-1", 1, ScaleOutCluster.JVM, takeAtOnce);
            Service second = cluster.engine("engine-2", 1, ScaleOutCluster.JVM, takeAtOnce);
            List<Service> started = List.of(first, cluster.worker("worker-1"), cluster.worker("worker-2"));
            started.forEach(Service::start);
            for (Service service : started) {
                ScaleOutCluster.awaitReady(service);
            }
            PartitionPulse pulse = new PartitionPulse();
            try (DtkClient dtk = Bench.client(cluster.bootstrapServers(), dir.resolve("client-join"))) {
                CompletionWatcher completions = new CompletionWatcher(dtk, settings.partitions(), pulse::seen);
                Bench.Client client = new Bench.Client(completions);
                // a short warm-up on purpose: warmed up by minutes of load, engine-1's changelogs lag the
                // newcomer by more than acceptable.recovery.lag, and it takes no partition until a probing
                // rebalance (10 minutes); measured so, engine-2 took none within 27 s of load
                client.load("warmup-", 300, 32);
                JoinRun run;
                try (EngineGroupWatch group = new EngineGroupWatch(cluster.admin(), List.of(first, second))) {
                    long loadEnd = System.nanoTime() + settings.joinLoad().toNanos();
                    FutureTask<ClosedLoop.Result> load = new FutureTask<>(() -> ClosedLoop.run(completions, "join-",
                            i -> System.nanoTime() < loadEnd, settings.inFlight(), client::start));
                    Thread.ofPlatform().name("bench-join-load").start(load);
                    Thread.sleep(settings.joinAfter().toMillis());
                    long launched = System.nanoTime();
                    second.start();
                    ClosedLoop.Result result = load.get();
                    run = new JoinRun(launched, loadEnd, result, group, pulse);
                    run.printTimeline(out);
                }
                return run.rows(out);
            }
        }
    }
}
