package dev.dtk.bench;

import dev.dtk.app.AppCatalog;
import dev.dtk.bench.chaos.Service;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.DtkEngine;
import dev.dtk.engine.EngineConfig;
import dev.dtk.observability.Observability;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * (i) measured as dtk is deployed: the engine its own OS process ({@code dtk engine} with a JVM of its
 * own), the broker and this client in the bench's JVM. {@code pending} timers due in hours are set
 * first, then {@code timers} more come due within 10 s, and each reports how late it fired
 * ({@link TimerLatenessApp}). The engine's collector pauses during the fires come from its GC log.
 */
final class TimerProcessBench {

    /**
     * What the run does; {@code engineJvm} are the engine process's JVM options. With {@code inBench} the
     * engine runs in the bench's JVM instead, built as {@code dtk engine} builds it (the A/B that tells the
     * process boundary from the rest of the setup).
     */
    record Settings(int pending, int timers, int partitions, long commitIntervalMs, List<String> engineJvm,
            boolean inBench) {
    }

    /** Starts per batch of pending timers, and how many may wait unprocessed before the next batch goes. */
    private static final int BATCH = 2_000;
    private static final int AHEAD = 2 * BATCH;
    private static final int WARMUP_ROUND = 500;
    private static final Duration WARMUP_MAX = Duration.ofSeconds(150);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /**
     * A pause line of {@code -Xlog:gc,gc+phases}: uptime, then the pause's length at the end. G1 and Parallel
     * log their pauses under {@code gc}, ZGC its (sub-millisecond) ones under {@code gc+phases}.
     */
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*Pause.* (\\d+\\.\\d+)ms$");

    private final PrintStream out;
    private final Settings settings;

    private TimerProcessBench(PrintStream out, Settings settings) {
        this.out = out;
        this.settings = settings;
    }

    /** Runs the measurement, printing its setup and progress; returns the table's rows. */
    static List<String> run(PrintStream out, Settings settings) throws Exception {
        return new TimerProcessBench(out, settings).run();
    }

    private List<String> run() throws Exception {
        Path dir = BenchHome.create("dtk-timers-process-");
        Path gcLog = dir.resolve("logs").resolve("engine-gc.log");
        List<String> jvm = new ArrayList<>(settings.engineJvm());
        jvm.add("-Xlog:gc,gc+phases:file=" + gcLog);
        out.printf("dtk bench timers-process — %s%n", Instant.now());
        out.printf("setup: %d cores; one Kafka %s broker (KRaft) and this client in this JVM; one engine %s (dtk"
                        + " engine, JVM %s %s, exactly_once_v2, commit.interval %d ms, one stream"
                        + " thread); %d partitions; %,d timers due in 6 h set first, then %,d due within 10 s%n",
                Runtime.getRuntime().availableProcessors(), org.apache.kafka.common.utils.AppInfoParser.getVersion(),
                settings.inBench() ? "in this JVM, built as" : "as its own OS process,", Runtime.version().feature(),
                settings.inBench() ? "of this bench" : String.join(" ", settings.engineJvm()),
                settings.commitIntervalMs(), settings.partitions(), settings.pending(), settings.timers());
        try (ScaleOutCluster cluster = ScaleOutCluster.start(dir, settings.partitions(), settings.commitIntervalMs(),
                List.of());
                Engine engine = settings.inBench() ? Engine.inBench(dir, cluster, settings.commitIntervalMs())
                        : Engine.process(dir, cluster, jvm)) {
            try (DtkClient dtk = Bench.client(cluster.bootstrapServers(), dir.resolve("client"))) {
                CompletionWatcher completions = new CompletionWatcher(dtk);
                long begin = System.nanoTime();
                setPending(completions, cluster);
                double seconds = (System.nanoTime() - begin) / 1e9;
                out.printf("    %,d pending timers set in %.0f s (%.0f/s)%n", settings.pending(), seconds,
                        settings.pending() / seconds);
                long self = ProcessHandle.current().pid();
                JitWarmup.run(out, "timers-process (rounds of " + WARMUP_ROUND + " timers due within 0.5 s)",
                        round -> lateness(completions, "warmup-" + round + "-", WARMUP_ROUND, Duration.ofMillis(200),
                                Duration.ofMillis(500)),
                        WARMUP_MAX, () -> CpuProfile.compilerCpu(self)
                                + (settings.inBench() ? 0 : CpuProfile.compilerCpu(engine.pid())));
                out.printf("timers-process: %,d timers due within 10 s while %,d wait...%n", settings.timers(),
                        settings.pending());
                Instant engineStarted = ProcessHandle.of(engine.pid()).flatMap(p -> p.info().startInstant())
                        .orElseThrow();
                double fromUptime = Duration.between(engineStarted, Instant.now()).toMillis() / 1e3;
                Percentiles late = lateness(completions, "timer-", settings.timers(), Duration.ofSeconds(10),
                        Duration.ofSeconds(10));
                double toUptime = Duration.between(engineStarted, Instant.now()).toMillis() / 1e3;
                String pauses = settings.inBench() ? "not logged (the engine shares the bench's JVM)"
                        : pauses(gcLog, fromUptime, toUptime);
                out.printf("    lateness %s; engine GC pauses meanwhile: %s%n", late, pauses);
                String where = settings.inBench() ? "the engine in the bench's JVM (as dtk engine builds it)"
                        : "the engine its own process (JVM " + String.join(" ", settings.engineJvm()) + ")";
                return List.of(String.format("| (i) timer lateness (fired − due), %,d timers due within 10 s, %,d more"
                        + " pending, %s | %s; the engine's collector pauses meanwhile: %s |", settings.timers(),
                        settings.pending(), where, late, pauses));
            }
        }
    }

    /** The engine under test: its own OS process, or built in this JVM as {@code dtk engine} builds it. */
    private interface Engine extends AutoCloseable {

        long pid();

        @Override
        void close();

        static Engine process(Path dir, ScaleOutCluster cluster, List<String> jvm) throws Exception {
            Service engine = cluster.engine("engine-1", 1, jvm, List.of("--app", appFolder(dir).toString()));
            engine.start();
            ScaleOutCluster.awaitReady(engine);
            return new Engine() {
                @Override
                public long pid() {
                    return engine.pid();
                }

                @Override
                public void close() {
                    // the cluster stops its services
                }
            };
        }

        static Engine inBench(Path dir, ScaleOutCluster cluster, long commitIntervalMs) throws Exception {
            AppCatalog catalog = AppCatalog.of(List.of(new TimerLatenessApp()), Map.of(),
                    () -> (to, body) -> {
                        throw new IllegalStateException("the timer app sends no SMS");
                    });
            EngineConfig.Builder config = EngineConfig.builder().bootstrapServers(cluster.bootstrapServers())
                    .stateDir(dir.resolve("engine-1")).commitInterval(Duration.ofMillis(commitIntervalMs))
                    .queryEndpoint("127.0.0.1", "127.0.0.1", -1);
            catalog.routes().forEach(config::route);
            Observability observability = Observability.forService("engine", Map.of());
            DtkEngine engine = DtkEngine.start(config.build(), catalog.orchestrators(), catalog.entities(),
                    observability).awaitRunning(Duration.ofMinutes(2));
            return new Engine() {
                @Override
                public long pid() {
                    return ProcessHandle.current().pid();
                }

                @Override
                public void close() {
                    engine.close();
                    observability.close();
                }
            };
        }
    }

    /**
     * Writes a folder the engine loads with {@code --app}: {@link TimerLatenessApp}'s class file and the
     * service file naming it.
     */
    private static Path appFolder(Path dir) throws IOException {
        Path app = dir.resolve("timer-app");
        Class<TimerLatenessApp> type = TimerLatenessApp.class;
        Path classFile = app.resolve(type.getName().replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            Files.copy(in, classFile);
        }
        Path services = app.resolve("META-INF/services/dev.dtk.app.DtkApp");
        Files.createDirectories(services.getParent());
        Files.writeString(services, type.getName() + "\n");
        return app;
    }

    /** Starts the pending timers in batches, each once the engine is at most {@link #AHEAD} behind. */
    private void setPending(CompletionWatcher completions, ScaleOutCluster cluster) throws Exception {
        long due = Instant.now().plus(Duration.ofHours(6)).toEpochMilli();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < settings.pending(); i++) {
            sent.add(completions.send("pending-" + i, StartOrchestration.of(TimerLatenessApp.NAME,
                    DtkJson.toTree(due + i % 60_000))));
            if (sent.size() == BATCH || i == settings.pending() - 1) {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                sent.clear();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                long behind;
                while ((behind = commandsBehind(cluster)) > (i == settings.pending() - 1 ? 0 : AHEAD)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the engine stayed " + behind + " commands behind for " + TIMEOUT);
                    }
                    Thread.sleep(20);
                }
                if ((i + 1) % 250_000 == 0) {
                    out.printf("    %,d pending timers set%n", i + 1);
                }
            }
        }
    }

    /** Commands written to {@code dtk.commands} that the engine has not committed as processed yet. */
    private long commandsBehind(ScaleOutCluster cluster) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin()
                .listConsumerGroupOffsets(ScaleOutCluster.ENGINE_GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < settings.partitions(); p++) {
            latest.put(new TopicPartition(Topics.COMMANDS, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = cluster.admin().listOffsets(latest).all()
                .get(10, TimeUnit.SECONDS);
        long behind = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            behind += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return behind;
    }

    /** {@code count} timers due spread over {@code window}, starting {@code lead} from now; how late each fired. */
    private static Percentiles lateness(CompletionWatcher completions, String prefix, int count, Duration lead,
            Duration window) throws Exception {
        long first = Instant.now().plus(lead).toEpochMilli();
        List<CompletableFuture<InstanceStatus>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            done.add(completions.expect(id));
            completions.send(id, StartOrchestration.of(TimerLatenessApp.NAME,
                    DtkJson.toTree(first + window.toMillis() * i / count)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<Long> micros = new ArrayList<>();
        for (CompletableFuture<InstanceStatus> status : done) {
            InstanceStatus completed = status.get();
            if (completed.output() == null || !completed.output().canConvertToLong()) {
                throw new IllegalStateException(completed.instanceId() + " ended " + completed.runtimeStatus()
                        + " without its lateness: " + completed.output());
            }
            micros.add(completed.output().asLong());
        }
        return new Percentiles(micros);
    }

    /** The collector's pauses in the engine's GC log between two uptimes (seconds): count, p50, longest. */
    private static String pauses(Path gcLog, double from, double to) throws IOException {
        List<Double> millis = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog)) {
            Matcher pause = PAUSE.matcher(line.strip());
            if (pause.matches()) {
                double at = Double.parseDouble(pause.group(1));
                if (at >= from && at <= to) {
                    millis.add(Double.parseDouble(pause.group(2)));
                }
            }
        }
        if (millis.isEmpty()) {
            return "none logged";
        }
        List<Double> sorted = millis.stream().sorted().collect(Collectors.toList());
        return String.format("%d, p50 %.1f ms, longest %.1f ms, %.1f%% of the %.0f s", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                100 * sorted.stream().mapToDouble(Double::doubleValue).sum() / 1e3 / (to - from), to - from);
    }
}
