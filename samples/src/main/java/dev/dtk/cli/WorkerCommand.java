package dev.dtk.cli;

import dev.dtk.samples.SampleApp;
import dev.dtk.topics.Topics;
import dev.dtk.worker.ActivityRegistry;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dtk worker}: activity workers for one queue, against any cluster. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run activity workers for one queue with the samples' activities.")
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--queue", defaultValue = "${env:DTK_QUEUE:-" + Topics.DEFAULT_QUEUE + "}",
            description = "The queue to serve, topic dtk.tasks.<QUEUE> (env DTK_QUEUE; default ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--max-in-flight", defaultValue = "${env:DTK_MAX_IN_FLIGHT:-64}",
            description = "Activities run at once by this worker (env DTK_MAX_IN_FLIGHT; default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ActivityRegistry activities;
        try {
            activities = SmsWiring.forWorker(System.getenv(), queue)
                    .map(SampleApp::activities).orElseGet(SampleApp::activities).build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk worker: " + e.getMessage());
            return 2;
        }
        ActivityWorker worker = ActivityWorker.start(config(kafka, queue, maxInFlight), activities);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }, "dtk-shutdown"));
        stopped.await();
        return 0;
    }

    static WorkerConfig config(KafkaOptions kafka, String queue, int maxInFlight) {
        return WorkerConfig.builder()
                .bootstrapServers(kafka.bootstrapServers)
                .kafka(kafka.kafkaSettings())
                .queue(queue)
                .maxInFlight(maxInFlight)
                .build();
    }
}
