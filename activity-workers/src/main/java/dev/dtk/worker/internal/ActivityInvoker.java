package dev.dtk.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.Limits;
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
    public static final String OUTPUT_TOO_LARGE = "ActivityOutputTooLargeException";

    private static final Logger LOG = LoggerFactory.getLogger(ActivityInvoker.class);

    private final ActivityRegistry registry;
    private final String queue;
    private final Limits limits;

    public ActivityInvoker(ActivityRegistry registry, String queue) {
        this(registry, queue, Limits.DEFAULT);
    }

    public ActivityInvoker(ActivityRegistry registry, String queue, Limits limits) {
        this.registry = registry;
        this.queue = queue;
        this.limits = limits;
    }

    /** Never throws for anything the activity does: a failure becomes an {@link ActivityFailed}. */
    public ActivityResult invoke(ActivityTask task) {
        return invoke(task, TaskCheckpoint.NONE);
    }

    /** The same, with the task's checkpoint for the activity to read and save. */
    public ActivityResult invoke(ActivityTask task, TaskCheckpoint checkpoint) {
        Optional<Activity> activity = registry.find(task.name());
        if (activity.isEmpty()) {
            String message = "no activity named '" + task.name() + "' is registered on queue '" + queue
                    + "'; registered activities: " + registry.names();
            LOG.warn("instance {}: task {} cannot run: {}", task.instanceId(), task.taskId(), message);
            return ActivityFailed.of(task, FailureDetails.of(NOT_FOUND, message));
        }
        LOG.debug("instance {}: running activity {} (task {})", task.instanceId(), task.name(), task.taskId());
        try {
            Object output = activity.get().run(new TaskContext(task, checkpoint));
            JsonNode json = DtkJson.toTree(output);
            long size = json == null ? 0 : DtkJson.write(json).length;
            String tooLarge = limits.payloadProblem("the output of activity '" + task.name() + "'", size);
            if (tooLarge != null) {
                LOG.warn("instance {}: task {}: {}", task.instanceId(), task.taskId(), tooLarge);
                return ActivityFailed.of(task, FailureDetails.of(OUTPUT_TOO_LARGE, tooLarge));
            }
            return ActivityCompleted.of(task, json);
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
            return ActivityFailed.of(task, FailureDetails.of(error).trimmed(Limits.FAILURE_TEXT_CHARS));
        }
    }
}
