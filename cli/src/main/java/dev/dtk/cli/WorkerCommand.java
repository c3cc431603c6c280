package dev.dtk.cli;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.AppCatalog;
import dev.dtk.sms.SmsSender;
import dev.dtk.topics.Limits;
import dev.dtk.worker.ActivityWorker;
import java.time.Duration;
import dev.dtk.worker.WorkerConfig;
import dev.dtk.worker.http.HttpSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dtk worker}: activity workers for one queue, against any cluster. {@code --queue http} runs
 * {@code callHttp}'s built-in activity (settings: {@code DTK_HTTP_*}, {@code IDENTITY_*}, see HttpSettings).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run activity workers for one queue with the activities of your app (--app) or the samples.")
final class WorkerCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AppOptions apps;

    @Option(names = "--queue", defaultValue = "${env:DTK_QUEUE:-" + AppBuilder.DEFAULT_QUEUE + "}",
            description = "The queue to serve, topic dtk.tasks.<QUEUE> (env DTK_QUEUE; default ${DEFAULT-VALUE}).")
    String queue;

    @Option(names = "--max-in-flight", defaultValue = "${env:DTK_MAX_IN_FLIGHT:-64}",
            description = "Activities run at once by this worker (env DTK_MAX_IN_FLIGHT; default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--activity-timeout-seconds", defaultValue = "${env:DTK_ACTIVITY_TIMEOUT_SECONDS:-300}",
            description = "How long an activity registered without a timeout of its own may run before its task"
                    + " fails (env DTK_ACTIVITY_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
    long activityTimeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AppCatalog catalog;
        WorkerConfig config;
        try {
            SmsSender sms = SmsWiring.forWorkerOrRefusing(System.getenv(), queue);
            catalog = apps.catalog(System.getenv(), () -> sms);
            config = WorkerConfig.builder().kafka(kafka.kafkaSettings()).queue(queue).maxInFlight(maxInFlight)
                    .activityTimeout(Duration.ofSeconds(activityTimeoutSeconds))
                    .limits(Limits.fromEnvironment(System.getenv()))
                    .http(HttpSettings.fromEnvironment(System.getenv()).apps(catalog.http()).build()).build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk worker: " + e.getMessage());
            return 2;
        }
        if (catalog.activitiesOn(queue).isEmpty() && !queue.equals(WorkerConfig.HTTP_QUEUE)) {
            spec.commandLine().getErr().println("dtk worker: warning: no activity of " + catalog.apps()
                    + " runs on queue '" + queue + "'; queues with activities: " + catalog.queues());
        }
        ActivityWorker worker = ActivityWorker.start(config, catalog.activities());
        return UntilStopped.run(worker);
    }
}
