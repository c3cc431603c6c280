package dev.dtk.orchestration;

import java.util.Objects;
import java.util.Optional;

/** Immutable options of an activity or sub-orchestration call: a retry policy and an activity queue. */
public final class TaskOptions {

    private final RetryPolicy retryPolicy;
    private final String queue;

    private TaskOptions(RetryPolicy retryPolicy, String queue) {
        this.retryPolicy = retryPolicy;
        this.queue = queue;
    }

    public static TaskOptions withRetryPolicy(RetryPolicy policy) {
        return new TaskOptions(Objects.requireNonNull(policy, "retryPolicy"), null);
    }

    /** Run the activity on {@code queue} instead of the configured one. */
    public static TaskOptions onQueue(String queue) {
        return new TaskOptions(null, checkQueue(queue));
    }

    /** These options with {@code queue} as the activity queue. */
    public TaskOptions queue(String queue) {
        return new TaskOptions(retryPolicy, checkQueue(queue));
    }

    /** These options with {@code policy} as the retry policy. */
    public TaskOptions retryPolicy(RetryPolicy policy) {
        return new TaskOptions(Objects.requireNonNull(policy, "retryPolicy"), queue);
    }

    public Optional<RetryPolicy> getRetryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    public Optional<String> getQueue() {
        return Optional.ofNullable(queue);
    }

    private static String checkQueue(String queue) {
        if (queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("queue must not be blank");
        }
        return queue;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskOptions other && Objects.equals(retryPolicy, other.retryPolicy)
                && Objects.equals(queue, other.queue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(retryPolicy, queue);
    }

    @Override
    public String toString() {
        return "TaskOptions[retryPolicy=" + retryPolicy + ", queue=" + queue + "]";
    }
}
