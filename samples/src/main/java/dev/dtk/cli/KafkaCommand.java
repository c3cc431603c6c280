package dev.dtk.cli;

import dev.dtk.local.LocalKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        LocalKafka kafka = LocalKafka.start(home.resolve("kafka"), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "dtk-shutdown"));
        spec.commandLine().getOut().printf("Kafka broker on %s (Ctrl-C stops it)%n", kafka.bootstrapServers());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
