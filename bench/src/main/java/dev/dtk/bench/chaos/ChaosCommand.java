package dev.dtk.bench.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtk chaos}: dtk as platform teams will try it. Three Kafka brokers, two engines, two workers
 * per queue and two gateways, each its own process started with the real {@code dtk} command; a mixed
 * load through HTTP and Kafka; {@code kill -9} of a random engine, worker or gateway every few seconds
 * (started again at once) and of one broker; then the checks, printed as a table.
 */
@Command(name = "dtk chaos", mixinStandardHelpOptions = true,
        description = "Kill dtk's processes and a Kafka broker with SIGKILL under a mixed load, then check that"
                + " nothing was lost or doubled and each verification sent one SMS; prints the recovery times.")
public final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--instances", defaultValue = "2000", description = "Orchestrations of the load (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--load-seconds", defaultValue = "150", description = "Seconds over which they start; the kills"
            + " happen meanwhile (default ${DEFAULT-VALUE}).")
    long loadSeconds;

    @Option(names = "--kill-every", defaultValue = "5", description = "Seconds between two kills (default ${DEFAULT-VALUE}).")
    long killEvery;

    @Option(names = "--no-broker-kill", description = "Leave the brokers alone.")
    boolean noBrokerKill;

    @Option(names = "--broker-down-seconds", defaultValue = "10",
            description = "How long the killed broker stays down (default ${DEFAULT-VALUE}).")
    long brokerDownSeconds;

    @Option(names = "--sms-window-seconds", defaultValue = "60",
            description = "The phone verification's answer window (default ${DEFAULT-VALUE}).")
    long smsWindowSeconds;

    @Option(names = "--standby-replicas", defaultValue = "1",
            description = "The engines' standby replicas, 0 or 1 (default ${DEFAULT-VALUE}).")
    int standbyReplicas;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of dtk's topics (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--seed", description = "Seed of the choice of victims (default: the time).")
    Long seed;

    @Option(names = "--dir", description = "Where the brokers' data, the engines' state and every process's log go"
            + " (default: a new temporary folder, kept).")
    Path dir;

    public static void main(String[] args) {
        System.setProperty("logback.configurationFile", "logback-chaos.xml");
        System.exit(new CommandLine(new ChaosCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("dtk-chaos-");
        ChaosSettings settings = new ChaosSettings(instances, Duration.ofSeconds(loadSeconds),
                Duration.ofSeconds(killEvery), !noBrokerKill, Duration.ofSeconds(brokerDownSeconds),
                Duration.ofSeconds(smsWindowSeconds), partitions, standbyReplicas,
                seed != null ? seed : System.currentTimeMillis(), work, DtkCheckout.root());
        ChaosReport report = new ChaosRun(settings, System.out).run();
        report.print(System.out);
        System.out.println("logs and data: " + work);
        return report.passed() ? 0 : 1;
    }
}
