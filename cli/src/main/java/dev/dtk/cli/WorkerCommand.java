package dev.dtk.cli;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.AppCatalog;
import dev.dtk.sms.SmsSender;
import dev.dtk.topics.Limits;
import dev.dtk.worker.ActivityWorker;
import java.time.Duration;
import dev.dtk.worker.WorkerConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dtk worker}: activity workers for one queue, against any cluster. */
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

    @Option(names = "--task-isolation", defaultValue = "${env:DTK_TASK_ISOLATION:-read_uncommitted}",
            description = "read_uncommitted: run a task as soon as the engine writes it; read_committed: only once the"
                    + " engine's step committed, so no activity runs for a step that is later aborted, at the cost of"
                    + " the engine's commit on every activity's path. The same on every worker of a queue"
                    + " (env DTK_TASK_ISOLATION; default ${DEFAULT-VALUE}).")
    String taskIsolation;

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
                    .activityTimeout(Duration.ofSeconds(activityTimeoutSeconds)).taskIsolation(taskIsolation)
                    .limits(Limits.fromEnvironment(System.getenv())).build();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("dtk worker: " + e.getMessage());
            return 2;
        }
        if (catalog.activitiesOn(queue).isEmpty()) {
            spec.commandLine().getErr().println("dtk worker: warning: no activity of " + catalog.apps()
                    + " runs on queue '" + queue + "'; queues with activities: " + catalog.queues());
        }
        ActivityWorker worker = ActivityWorker.start(config, catalog.activities());
        return UntilStopped.run(worker);
    }
}
