package dev.dtk.bench;

import dev.dtk.client.DtkClient;
import dev.dtk.engine.DtkEngine;
import dev.dtk.local.LocalDtk;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.samples.SampleApp;
import dev.dtk.worker.sms.DevSmsOutbox;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The phone verification benchmarks on a broker and engine of their own: (g) raise-event → completion,
 * (h) verifications answered by 64 people at once, (i) timer lateness with many timers pending, and
 * (j) what a waiting verification costs in heap, memory and disk, and how long a restore takes.
 */
final class PhoneSuite {

    private static final int WARMUP = 300;
    private static final Duration STANDBY_WARMUP = Duration.ofMinutes(30);
    /** How often the warm-up of (j)'s failover says how far it is. */
    private static final Duration PROGRESS = Duration.ofSeconds(15);
    /** Changelog records a standby may be behind when its active engine is crashed. */
    private static final long STANDBY_LAG = 1_000;
    /** (i): the first timer is due this long after its start is sent; the timers come due over the window. */
    private static final Duration TIMER_LEAD = Duration.ofSeconds(10);
    private static final Duration TIMER_WINDOW = Duration.ofSeconds(10);
    /** Late enough to count against (i)'s p99 target of 20 ms. */
    private static final long LATE_MILLIS = 20;
    /** (i) settled: the JVM's CPU (share of one core) that counts as quiet, for how long, and the most to wait. */
    private static final double SETTLE_CPU = 0.25;
    private static final Duration SETTLE_WINDOW = Duration.ofSeconds(10);
    private static final Duration SETTLE_MAX = Duration.ofMinutes(10);

    private PhoneSuite() {
    }

    static List<String> run(PrintStream out, int raises, int verifications, int streams, int waiting, int timers,
            int partitions, long sweepMillis, Map<String, String> engineSettings, Duration warmup, Duration smsWindow,
            boolean failover, Scorecard scorecard) throws Exception {
        Path home = BenchHome.create("dtk-bench-phone");
        DevSmsOutbox outbox = new DevSmsOutbox(Clock.systemUTC());
        DtkApp timerApp = app -> app.orchestrator(PhoneBench.TIMER, ctx -> {
            ctx.createTimer(Instant.ofEpochMilli(ctx.getInput(Long.class))).await();
            return true;
        });
        AppCatalog apps = AppCatalog.of(List.of(new SampleApp(), timerApp),
                Map.of("DTK_SMS_WINDOW_SECONDS", Long.toString(smsWindow.toSeconds())), () -> outbox);
        List<String> rows = new ArrayList<>();
        try (LocalDtk dtk = LocalDtk.start(home, 0, partitions, apps,
                        engine -> engine.timerSweepInterval(Duration.ofMillis(sweepMillis)).kafka(engineSettings));
                DtkClient client = Bench.client(dtk.bootstrapServers(), home.resolve("client"));
                Admin admin = Admin.create(Map.of("bootstrap.servers", dtk.bootstrapServers()))) {
            PhoneBench bench = new PhoneBench(dtk, new CompletionWatcher(client), outbox);
            JitWarmup.run(out, "phone verification (rounds of " + WARMUP + ", 32 streams)",
                    round -> bench.verificationsPerSecond(WARMUP, 32), warmup);
            SequenceParts parts = new SequenceParts("(g)");
            Percentiles raise = bench.raiseToCompletion(raises, parts);
            rows.add(row("(g) phone verification: raise SmsChallengeResponse (Kafka) → completion seen, one at a time",
                    raise));
            rows.addAll(parts.rows());
            scorecard.record("raised event → completion seen, p50", raise.p(50), "ms", Scorecard.Goal.AT_MOST, 5,
                    "phone verification, one at a time", parts.limit());
            double perSecond;
            CpuProfile.Shares verifying;
            try (CpuProfile profile = CpuProfile.start()) {
                perSecond = bench.verificationsPerSecond(verifications, streams);
                verifying = profile.stop();
            }
            rows.add(row(String.format("(h) %d verifications (start, SMS, answer) in %d parallel streams",
                    verifications, streams), String.format("%.0f completions/s", perSecond)));
            rows.add(row("(h) same: where the CPU went (thread CPU clocks)", verifying.cpuLine()));
            rows.add(row("(h) same: what the engine's stream thread did", verifying.streamThreadLine()));
            scorecard.record("phone verifications, " + streams + " streams", perSecond, "/s", Scorecard.Goal.AT_LEAST,
                    1000, verifications + " verifications", "the cores: " + verifying.top() + ", " + CpuProfile.IDLE + " "
                            + Bench.percent(verifying.share(CpuProfile.IDLE)) + " (row (h) CPU; the stream thread: row (h))");

            long heapBefore = Footprint.heapAfterGc();
            long rssBefore = Footprint.rss();
            out.printf("phone verification: starting %d verifications that wait (each for %s, its timer)...%n",
                    waiting, smsWindow);
            ChangelogCompaction.prepare(admin);
            long changelogBefore = ChangelogCompaction.logBytes(home.resolve("kafka"));
            long startWaiting = System.nanoTime();
            bench.startWaiting(waiting, smsWindow, out, home);
            double waitingSeconds = (System.nanoTime() - startWaiting) / 1e9;
            long changelogOfWaiting = ChangelogCompaction.logBytes(home.resolve("kafka")) - changelogBefore;
            long heapAfter = Footprint.heapAfterGc();
            long rssAfter = Footprint.rss();
            rows.add(row(String.format("(j) %d verifications waiting at once (all started in %.0f s, %.0f/s)", waiting,
                    waitingSeconds, waiting / waitingSeconds), String.format("heap after GC %s → %s; RSS %s → %s", Footprint.mib(heapBefore),
                    Footprint.mib(heapAfter), Footprint.mib(rssBefore), Footprint.mib(rssAfter))));

            out.printf("phone verification: %d timers due within 10 s while %d more wait...%n", timers, waiting);
            Lateness first = lateness(bench, "timer-", timers, TIMER_LEAD);
            PhoneBench.TimerRun lateness = first.run();
            CpuProfile.Shares firing = first.profile();
            String pauses = first.pauses();
            int timerInstances = timers;
            if (!lateness.startsAppliedBeforeDue()) {
                // the engine was still reading starts when the first timers came due, and held those timers
                // back until it had read them: the figure is the input backlog's; try again with a lead
                // the starts fit into
                rows.add(row(String.format("(i) first try: the %,d starts took %.1f s to apply, the first timer was"
                        + " due after %d s; timers due meanwhile waited until the engine had read its input",
                        timers, seconds(lateness.startsApplied()), lateness.lead().toSeconds()), lateness.lateness()));
                rows.add(row("(i) first try: what the engine's stream thread did (starts, then fires)",
                        firing.streamThreadLine()));
                Duration lead = TIMER_LEAD.plusSeconds((long) Math.ceil(2 * seconds(lateness.startsApplied())));
                out.printf("phone verification: the starts took %.1f s to apply, longer than the %d s lead;"
                        + " again with a lead of %d s...%n", seconds(lateness.startsApplied()),
                        lateness.lead().toSeconds(), lead.toSeconds());
                Lateness again = lateness(bench, "timer-again-", timers, lead);
                lateness = again.run();
                firing = again.profile();
                pauses = again.pauses();
                timerInstances += timers;
            }
            rows.add(row(String.format("(i) timer lateness (fired − due), %d timers due within 10 s, %d more pending"
                    + " (starts applied in %.1f s, first due after %d s)", timers, waiting,
                    seconds(lateness.startsApplied()), lateness.lead().toSeconds()), lateness.lateness()));
            rows.add(row("(i) same: what the engine's stream thread did (starts, then fires)",
                    firing.streamThreadLine()));
            rows.add(row("(i) same: where the CPU went (thread CPU clocks)", firing.cpuLine()));
            rows.add(row("(i) same: the JVM's collector (broker, engine, worker and bench share it)", pauses));

            // the same once the broker's cleaner and RocksDB's compactions, busy after millions of starts,
            // have gone quiet: tells what the fires cost from what the background work around them costs
            double settledSeconds = Footprint.awaitQuietCpu(SETTLE_CPU, SETTLE_WINDOW, SETTLE_MAX);
            out.printf("phone verification: the JVM used less than %.0f%% of a core for %d s after %.0f s;"
                    + " %d timers due within 10 s again...%n", SETTLE_CPU * 100, SETTLE_WINDOW.toSeconds(),
                    settledSeconds, timers);
            Lateness settledRun = lateness(bench, "timer-settled-", timers, TIMER_LEAD);
            PhoneBench.TimerRun settled = settledRun.run();
            CpuProfile.Shares settledFiring = settledRun.profile();
            timerInstances += timers;
            rows.add(row(String.format("(i) the same once this JVM (broker, engine, worker, bench) had used less"
                    + " than %.0f%% of a core for %d s (after %.0f s: the broker's cleaner and RocksDB's compactions"
                    + " done); starts applied in %.1f s", SETTLE_CPU * 100, SETTLE_WINDOW.toSeconds(), settledSeconds,
                    seconds(settled.startsApplied())), settled.lateness()));
            rows.add(row("(i) settled: what the engine's stream thread did", settledFiring.streamThreadLine()));
            rows.add(row("(i) settled: where the CPU went", settledFiring.cpuLine()));
            rows.add(row("(i) settled: the JVM's collector", settledRun.pauses()));
            String pending = String.format("%,d timers due within 10 s, %,d pending (the target is with 1,000,000);"
                    + " collector %s", timers, waiting, GcPauses.collector());
            String busy = "a due timer waits while the stream thread commits or steps, and for the JVM's collector: "
                    + pauses + "; what the stream thread did: " + firing.streamThreadLine();
            scorecard.record("timer lateness p50", lateness.lateness().p(50), "ms", Scorecard.Goal.AT_MOST, 5,
                    pending, busy);
            scorecard.record("timer lateness p99", lateness.lateness().p(99), "ms", Scorecard.Goal.AT_MOST, 20,
                    pending, busy);

            dtk.engine().close();
            long state = Footprint.bytesUnder(home.resolve("engine-state"), "");
            long changelog = ChangelogCompaction.logBytes(home.resolve("kafka"));
            // the warm-up and (h) reuse the IDs verify-0, verify-1...
            int instances = raises + Math.max(WARMUP, verifications) + waiting + timerInstances;
            rows.add(row(String.format("(j) disk per instance: engine RocksDB (flushed at close; %d instances in"
                    + " the store) + changelogs grown while the %d waiting ones started (the cleaner compacting"
                    + " %d MiB segments as it goes)", instances, waiting, ChangelogCompaction.SEGMENT_BYTES >> 20),
                    String.format("%.0f B + %.0f B (RocksDB %s; changelogs %s in all)", (double) state / instances,
                            (double) changelogOfWaiting / waiting, Footprint.mib(state), Footprint.mib(changelog))));
            out.println("phone verification: compacting the changelogs...");
            long compacted = ChangelogCompaction.compactFully(admin, home.resolve("kafka"), Duration.ofMinutes(20), out);
            rows.add(row(String.format("(j) disk per instance after compaction: changelogs of all %d instances once"
                    + " every closed segment is clean", instances), String.format("%.0f B (changelogs %s)",
                    (double) compacted / instances, Footprint.mib(compacted))));
            out.printf("phone verification: restoring %,d instances on an empty state folder...%n", instances);
            long restoreStart = System.nanoTime();
            DtkEngine restored = dtk.startEngine(apps.orchestrators(), engine -> engine.standbyReplicas(1))
                    .awaitRunning(Duration.ofMinutes(30));
            rows.add(row(String.format("(j) restore: engine on an empty state folder, %d instances", instances),
                    String.format("%.1f s until running", (System.nanoTime() - restoreStart) / 1e9)));
            if (failover) {
                rows.add(row(String.format("(j) failover: a second engine, a process of its own, keeps standby"
                        + " replicas of all %d partitions; the first is crashed", partitions),
                        failover(out, dtk, home, restored, partitions, engineSettings)));
            }
        }
        return rows;
    }

    /**
     * Starts a second engine as a process of its own next to {@code active} (both keep one standby
     * replica: the newcomer, empty, gets standby tasks for every partition and warms them from the
     * changelogs), crashes {@code active} once the standbys are nearly current, and times until the
     * second runs every partition. Every 15 s of the warm-up a line says how far it is and what the
     * active engine's RocksDB stores do.
     */
    private static String failover(PrintStream out, LocalDtk dtk, Path home, DtkEngine active, int partitions,
            Map<String, String> engineSettings) throws Exception {
        out.println("phone verification: a second engine, a process of its own, warms standby replicas...");
        long warmStart = System.nanoTime();
        try (StandbyProcess standby = StandbyProcess.start(home, dtk.bootstrapServers(), dtk.engineQuerySecret(),
                engineSettings)) {
            long deadline = warmStart + STANDBY_WARMUP.toNanos();
            long nextLine = warmStart + PROGRESS.toNanos();
            while (true) {
                String page = standby.metrics().orElse("");
                double standbys = StandbyProcess.gauge(page, "dtk_engine_partitions", "standby");
                double lag = StandbyProcess.gauge(page, "dtk_engine_store_lag_records", "standby");
                if (standbys == partitions && lag >= 0 && lag <= STANDBY_LAG) {
                    break;
                }
                long now = System.nanoTime();
                if (!standby.alive() || now > deadline) {
                    return String.format("not measured: the standby replicas were not current after %.0f s (lag %,.0f"
                            + " records, %.0f standby partitions; %s)", (now - warmStart) / 1e9, lag, standbys,
                            standby.alive() ? "still warming" : "the process exited, see " + standby.log());
                }
                if (now > nextLine) {
                    out.printf("  %4.0f s: standby lag %,.0f records on %.0f partitions; the active engine's %s%n",
                            (now - warmStart) / 1e9, lag, standbys, RocksDbGauges.line());
                    nextLine = now + PROGRESS.toNanos();
                }
                Thread.sleep(500);
            }
            double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
            long crash = System.nanoTime();
            active.close(Duration.ZERO);
            deadline = crash + STANDBY_WARMUP.toNanos();
            while (StandbyProcess.gauge(standby.metrics().orElse(""), "dtk_engine_partitions", "active") != partitions
                    || !standby.ready()) {
                if (System.nanoTime() > deadline) {
                    return "the second engine did not take over within " + STANDBY_WARMUP;
                }
                Thread.sleep(20);
            }
            return String.format("%.1f s from the crash until the second engine (its own process) runs all %d"
                    + " partitions (the crashed member's session timeout is 10 s); the standbys took %.0f s to warm",
                    (System.nanoTime() - crash) / 1e9, partitions, warmSeconds);
        }
    }

    /** One lateness run of (i), what the machine did meanwhile, and which late timers a GC pause held. */
    private record Lateness(PhoneBench.TimerRun run, CpuProfile.Shares profile, String pauses) {
    }

    private static Lateness lateness(PhoneBench bench, String prefix, int timers, Duration lead) throws Exception {
        try (CpuProfile profile = CpuProfile.start(); GcPauses pauses = GcPauses.start()) {
            PhoneBench.TimerRun run = bench.timerLateness(prefix, timers, lead, TIMER_WINDOW);
            return new Lateness(run, profile.stop(), GcPauses.attribute(run.fires(), pauses.pauses(), LATE_MILLIS));
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static String row(String what, Object value) {
        return "| " + what + " | " + value + " |";
    }
}
