package dev.dtk.cli;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.AppCatalog;
import dev.dtk.observability.Observability;
import dev.dtk.observability.OpsEndpoints;
import dev.dtk.observability.OpsServer;
import dev.dtk.sms.SmsSender;
import dev.dtk.topics.Limits;
import dev.dtk.worker.ActivityWorker;
import java.time.Duration;
import dev.dtk.worker.WorkerConfig;
import dev.dtk.worker.http.HttpSettings;
import java.io.UncheckedIOException;
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

    static final int DEFAULT_OPS_PORT = 7090;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    HubOption hub;

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

    @Option(names = "--ops-port", defaultValue = "${env:DTK_WORKER_OPS_PORT}",
            description = "Port of /metrics, /health/live and /health/ready; -1: none (env DTK_WORKER_OPS_PORT;"
                    + " default " + DEFAULT_OPS_PORT + ", skipped with a warning when another process has it).")
    Integer opsPort;

    @Option(names = "--ops-host", defaultValue = "${env:DTK_WORKER_OPS_HOST:-127.0.0.1}",
            description = "Address they listen on (env DTK_WORKER_OPS_HOST; default ${DEFAULT-VALUE}; 0.0.0.0 for"
                    + " Prometheus and Kubernetes probes).")
    String opsHost;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AppCatalog catalog;
        WorkerConfig config;
        try {
            SmsSender sms = SmsWiring.forWorkerOrRefusing(System.getenv(), queue);
            catalog = apps.catalog(System.getenv(), () -> sms);
            config = WorkerConfig.builder().kafka(kafka.kafkaSettings()).hub(hub.hub()).queue(queue).maxInFlight(maxInFlight)
                    .activityTimeout(Duration.ofSeconds(activityTimeoutSeconds)).taskIsolation(taskIsolation)
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
        Observability observability = Observability.forService("worker", System.getenv());
        ActivityWorker worker = ActivityWorker.start(config, catalog.activities(), observability);
        OpsServer ops;
        try {
            ops = opsServer(observability, worker);
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("dtk worker: " + e.getMessage() + "; give this worker another"
                    + " --ops-port (DTK_WORKER_OPS_PORT), or -1 for none");
            worker.close();
            observability.close();
            return 2;
        }
        return UntilStopped.run(() -> {
            if (ops != null) {
                ops.close();
            }
            worker.close();
            observability.close();
        });
    }

    /**
     * The worker's /metrics and /health on the port asked for; on the default port, a port another process
     * holds (a second worker on this machine) leaves this worker without them, with a warning.
     */
    private OpsServer opsServer(Observability observability, ActivityWorker worker) {
        int port = opsPort == null ? DEFAULT_OPS_PORT : opsPort;
        if (port < 0) {
            return null;
        }
        OpsEndpoints endpoints = new OpsEndpoints(observability, worker::live, worker::ready);
        try {
            return OpsServer.start(opsHost, port, endpoints);
        } catch (UncheckedIOException e) {
            if (opsPort != null) {
                throw e;
            }
            spec.commandLine().getErr().println("dtk worker: warning: " + e.getMessage() + ": this worker serves no"
                    + " metrics or health (another worker on this machine has the port?); give it --ops-port");
            return null;
        }
    }
}
