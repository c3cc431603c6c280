package dev.dtk.bench.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a chaos run found, printed as the tables the README's "Guarantees" section shows. */
public record ChaosReport(ChaosSettings settings, Checks.Findings findings, CommandLog commands, List<Killer.Kill> kills,
        int smsSent, int smsLookups, int givenUp, Map<String, Integer> answersCutOff, Duration loadTook,
        Duration elapsed) {

    /** Nothing lost, nothing doubled, one SMS per verification, and every killed process's work resumed. */
    public boolean passed() {
        return findings.passed() && givenUp == 0 && kills.stream().allMatch(k -> k.recovery().join().waited() != null);
    }

    public void print(PrintStream out) {
        Checks.Findings f = findings;
        out.println();
        out.printf("dtk chaos: 3 Kafka brokers (each its own process; replication 3, min.insync.replicas 2), 2 engines"
                + " (standby replicas %d), 2 workers per queue (default, sms), 2 gateways, each a `dtk` process;%n",
                settings.standbyReplicas());
        out.printf("%s orchestrations paced over %d s and sent in %s (each start waits for its answer), a kill -9 every"
                + " %d s while they were sent%s; %d partitions; seed %d; %s in all%n%n",
                n(settings.instances()), settings.loadDuration().toSeconds(), minutes(loadTook),
                settings.killEvery().toSeconds(),
                settings.killBroker() ? " and one broker killed for " + settings.brokerDown().toSeconds() + " s" : "",
                settings.partitions(), settings.seed(), minutes(elapsed));
        out.println("| check | result |");
        out.println("|---|---|");
        row(out, "orchestrations started (through HTTP / Kafka), plus their sub-orchestrations",
                n(commands.httpStarts() + commands.kafkaStarts()) + " (" + n(commands.httpStarts()) + " / "
                        + n(commands.kafkaStarts()) + ") + " + n(f.instances - commands.httpStarts()
                        - commands.kafkaStarts()));
        row(out, "reached the output of a run without faults", n(f.reachedOutput) + " of " + n(f.instances));
        row(out, "left Pending or Running", n(f.stillLive));
        row(out, "accepted commands lost (starts / events, of " + n(f.instances) + " / "
                + n(commands.acceptedEvents()) + ")", f.lostStarts + " / " + f.lostEvents);
        row(out, "activity results applied twice", n(f.resultsAppliedTwice));
        row(out, "orchestration steps doubled", n(f.stepsDoubled));
        row(out, "verifications that sent exactly one SMS", n(f.oneSms) + " of " + n(f.verifications)
                + " (" + n(smsSent) + " SMS in all)");
        row(out, "... whose SMS code is the one the orchestration checked the answers against", n(f.codeMatches)
                + " of " + n(f.verifications));
        row(out, "SMS tasks that ran again after their worker died and asked the provider first", n(smsLookups));
        row(out, "dead letters (the load sent " + f.deadLettersExpected + " unreadable records on purpose)",
                f.deadLettersFound + (f.problemCounts.containsKey("unexpected dead letter")
                        ? " + " + f.problemCounts.get("unexpected dead letter") + " unexpected" : ""));
        row(out, "answers a kill cut off (starts looked up, events sent again)", commands.unknownStarts() + " / "
                + commands.unknownEvents() + (answersCutOff.isEmpty() ? "" : " " + answersCutOff));
        row(out, "kills (engines / workers / gateways / brokers)", kills.size() + " (" + count("engine") + " / "
                + count("worker") + " / " + count("gateway") + " / " + count("broker") + ")");
        out.println();
        out.println("| # | at | killed | its work waited at most | then ran on | note |");
        out.println("|---|---|---|---|---|---|");
        for (Killer.Kill kill : kills) {
            RecoveryProbe.Result r = kill.recovery().join();
            out.printf("| %d | %s | %s | %s | %s | %s |%n", kill.number(), minutes(kill.at()), kill.victim(),
                    r.waited() == null ? "not recovered" : seconds(r.waited()), String.join(", ", r.resumedOn()),
                    r.note());
        }
        out.println();
        out.println("| killed | kills | recovery median | recovery max |");
        out.println("|---|---|---|---|");
        for (String kind : List.of("engine", "worker", "gateway", "broker")) {
            List<Duration> waits = new ArrayList<>();
            kills.stream().filter(k -> k.kind().equals(kind)).map(k -> k.recovery().join().waited())
                    .forEach(w -> waits.add(w == null ? Duration.ofDays(1) : w));
            if (!waits.isEmpty()) {
                waits.sort(null);
                out.printf("| %s | %d | %s | %s |%n", kind, waits.size(), seconds(waits.get(waits.size() / 2)),
                        seconds(waits.getLast()));
            }
        }
        if (!f.problemCounts.isEmpty() || givenUp > 0) {
            out.println();
            out.println("PROBLEMS: " + f.problemCounts + (givenUp > 0 ? ", commands never accepted: " + givenUp : ""));
            f.problems.forEach(p -> out.println("  " + p));
        }
        out.println();
        out.println(passed() ? "chaos run PASSED: nothing lost, nothing doubled, one SMS per verification"
                : "chaos run FAILED");
    }

    /** What went wrong, by kind and instance (empty when the run passed its checks). */
    public java.util.List<String> problems() {
        java.util.List<String> all = new ArrayList<>(findings.problems);
        if (givenUp > 0) {
            all.add(givenUp + " command(s) never accepted");
        }
        kills.stream().filter(k -> k.recovery().join().waited() == null).forEach(k -> all.add("kill " + k.number()
                + " of " + k.victim() + ": " + k.recovery().join().note()));
        return all;
    }

    /** Recovery times by kind of process. */
    public Map<String, Duration> longestRecovery() {
        Map<String, Duration> longest = new TreeMap<>();
        for (Killer.Kill kill : kills) {
            Duration wait = kill.recovery().join().waited();
            longest.merge(kill.kind(), wait == null ? Duration.ofDays(1) : wait, (a, b) -> a.compareTo(b) > 0 ? a : b);
        }
        return longest;
    }

    /** How many processes of {@code kind} (engine, worker, gateway, broker) were killed. */
    public long killed(String kind) {
        return count(kind);
    }

    private long count(String kind) {
        return kills.stream().filter(k -> k.kind().equals(kind)).count();
    }

    private static void row(PrintStream out, String check, String result) {
        out.println("| " + check + " | " + result + " |");
    }

    private static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String minutes(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
