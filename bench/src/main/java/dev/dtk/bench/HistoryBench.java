package dev.dtk.bench;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.FanOutFanIn;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;

/**
 * Long histories and wide fan-outs, on a broker and engine of their own: a sequence of many steps
 * (each step's latency early and late: a step must cost what it adds, not what the instance already
 * did) and fan-out/fan-in of thousands of activities (time, activities per second, and the bytes the
 * engine wrote to its changelogs per activity).
 */
final class HistoryBench {

    static final String STEPS = "Steps";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private HistoryBench() {
    }

    static List<String> run(PrintStream out, int steps, List<Integer> fanOuts, int partitions) throws Exception {
        Path home = BenchHome.create("dtk-bench-history");
        DtkApp app = builder -> builder
                .orchestrator(STEPS, ctx -> {
                    int n = ctx.getInput(Integer.class);
                    long sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += ctx.callActivity("Step", i, Long.class).await();
                    }
                    return sum;
                })
                .orchestrator(FanOutFanIn.NAME, new FanOutFanIn())
                .activity("Step", ctx -> ctx.getInput(Long.class))
                .activity(FanOutFanIn.SQUARE, ctx -> {
                    long i = ctx.getInput(Long.class);
                    return i * i;
                });
        List<String> rows = new ArrayList<>();
        try (LocalDtk dtk = LocalDtk.start(home, 0, partitions, AppCatalog.of(List.of(app), Map.of(),
                () -> (to, body) -> { }));
                DtkClient client = Bench.client(dtk.bootstrapServers(), home.resolve("client"));
                Admin admin = Admin.create(Map.of("bootstrap.servers", dtk.bootstrapServers()))) {
            CompletionWatcher completions = new CompletionWatcher(client);
            out.println("history: warming up...");
            finish(completions, STEPS, "warm-steps", 50);
            finish(completions, FanOutFanIn.NAME, "warm-fan", 500);

            out.printf("history: a sequence of %d steps...%n", steps);
            long started = System.nanoTime();
            finish(completions, STEPS, "steps", steps);
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> intervals = stepIntervals(dtk, "steps");
            int window = Math.min(100, intervals.size() / 2);
            double first = new Percentiles(intervals.subList(0, window)).p(50);
            double last = new Percentiles(intervals.subList(intervals.size() - window, intervals.size())).p(50);
            rows.add(String.format("| (l) sequence of %d activities, one instance: per step, first %d steps | p50 %.1f ms |",
                    steps, window, first));
            rows.add(String.format("| (l) same: last %d steps | p50 %.1f ms (%.2f x the first; target <= 1.2) |",
                    window, last, last / first));
            rows.add(String.format("| (l) same: whole sequence | %.1f s |", seconds));

            for (int n : fanOuts) {
                out.printf("history: fan-out/fan-in of %d activities...%n", n);
                long bytesBefore = changelogBytes(admin);
                long start = System.nanoTime();
                InstanceStatus done = finish(completions, FanOutFanIn.NAME, "fan-" + n, n);
                double fanSeconds = (System.nanoTime() - start) / 1e9;
                long bytes = changelogBytes(admin) - bytesBefore;
                rows.add(String.format("| (m) fan-out/fan-in of %,d activities (sum %s) | %.2f s, %,.0f activities/s,"
                        + " %,.0f changelog bytes per activity |", n, done.output(), fanSeconds, n / fanSeconds,
                        (double) bytes / n));
            }
        }
        return rows;
    }

    /**
     * Starts {@code name} with {@code input} as {@code id} and waits until it completes. Started with
     * {@link DtkClient#send}: startNew's checks (orchestrator name, no live instance) would count in the times.
     */
    private static InstanceStatus finish(CompletionWatcher completions, String name, String id, int input)
            throws Exception {
        CompletableFuture<InstanceStatus> done = completions.expect(id);
        completions.send(id, StartOrchestration.of(name, DtkJson.toTree(input)));
        InstanceStatus status = done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (status.runtimeStatus() != RuntimeStatus.Completed) {
            throw new IllegalStateException(id + " ended " + status.runtimeStatus() + ": " + status.output());
        }
        return status;
    }

    /** Time between consecutive engine steps of one instance, microseconds (history has milliseconds). */
    static List<Long> stepIntervals(LocalDtk dtk, String id) {
        List<HistoryEvent> history = dtk.engine().localInstance(id).orElseThrow().history();
        List<Long> starts = history.stream().filter(HistoryEvent.OrchestratorStarted.class::isInstance)
                .map(e -> e.timestamp().toEpochMilli()).toList();
        List<Long> micros = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            micros.add((starts.get(i) - starts.get(i - 1)) * 1_000);
        }
        return micros;
    }

    /** Bytes on the broker's disks in the engine's changelog topics. */
    private static long changelogBytes(Admin admin) throws Exception {
        long bytes = 0;
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(
                admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> n.id()).toList())
                .allDescriptions().get(30, TimeUnit.SECONDS);
        for (Map<String, LogDirDescription> byDir : dirs.values()) {
            for (LogDirDescription dir : byDir.values()) {
                for (var replica : dir.replicaInfos().entrySet()) {
                    if (replica.getKey().topic().endsWith("-changelog")) {
                        ReplicaInfo info = replica.getValue();
                        bytes += info.size();
                    }
                }
            }
        }
        return bytes;
    }
}
