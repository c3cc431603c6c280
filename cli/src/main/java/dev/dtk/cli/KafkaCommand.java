package dev.dtk.cli;

import dev.dtk.testkit.LocalKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dtk kafka}: only the local single-node broker, to run dtk's services as separate processes. */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Run only a local single-node Kafka broker (KRaft, in-process), e.g. to try engine, worker and"
                + " gateway as separate processes. Not for production.")
final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--home", defaultValue = "${env:DTK_HOME:-.dtk}",
            description = "Where the broker keeps its data: <home>/kafka (default ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--port", defaultValue = "${env:DTK_KAFKA_PORT:-9092}", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return Broker.run(home, port, spec.commandLine().getOut());
    }

    /**
     * The broker's part, in a class of its own: picocli inspects the command classes of every
     * {@code dtk} run, and only {@code dtk dev} and {@code dtk kafka} have the broker on their classpath.
     */
    static final class Broker {

        private Broker() {
        }

        static int run(Path home, int port, java.io.PrintWriter out) throws InterruptedException {
            LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), port);
            out.printf("Kafka broker on %s (Ctrl-C stops it)%n", kafka.bootstrapServers());
            out.flush();
            return UntilStopped.run(kafka);
        }
    }
}
