package dev.dtk.worker.internal;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityRegistry;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the activity a task names and turns what happened into the task's result. No Kafka in here. */
public final class ActivityInvoker {

    public static final String NOT_FOUND = "ActivityNotFoundException";

    private static final Logger LOG = LoggerFactory.getLogger(ActivityInvoker.class);

    private final ActivityRegistry registry;
    private final String queue;

    public ActivityInvoker(ActivityRegistry registry, String queue) {
        this.registry = registry;
        this.queue = queue;
    }

    /** Never throws for anything the activity does: a failure becomes an {@link ActivityFailed}. */
    public ActivityResult invoke(ActivityTask task) {
        Optional<Activity> activity = registry.find(task.name());
        if (activity.isEmpty()) {
            String message = "no activity named '" + task.name() + "' is registered on queue '" + queue
                    + "'; registered activities: " + registry.names();
            LOG.warn("instance {}: task {} cannot run: {}", task.instanceId(), task.taskId(), message);
            return ActivityFailed.of(task, FailureDetails.of(NOT_FOUND, message));
        }
        LOG.debug("instance {}: running activity {} (task {})", task.instanceId(), task.name(), task.taskId());
        try {
            Object output = activity.get().run(new TaskContext(task));
            return ActivityCompleted.of(task, DtkJson.toTree(output));
        } catch (Throwable error) {
            if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
                throw (VirtualMachineError) error;
            }
            if (error instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                LOG.debug("instance {}: activity {} (task {}) was interrupted", task.instanceId(), task.name(),
                        task.taskId());
            } else {
                LOG.info("instance {}: activity {} (task {}) failed: {}", task.instanceId(), task.name(),
                        task.taskId(), error.toString());
            }
            return ActivityFailed.of(task, FailureDetails.of(error));
        }
    }
}
