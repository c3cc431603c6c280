package dev.dtk.worker.internal;

import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;

/**
 * Sends the results of one execution's tasks that end close together as one record, so that the engine
 * applies them in one step (a fan-out's results in a few steps instead of one each). A result whose
 * execution has no other task running here goes out at once, with any held before it: a sequence of
 * activities waits for nothing. While others of its execution run, a result waits for them at most
 * {@link #LINGER}, and a group goes out when it reaches {@link #MAX_RESULTS}.
 */
final class ResultBatcher {

    static final Duration LINGER = Duration.ofMillis(2);
    static final int MAX_RESULTS = 200;

    /** A result waiting to be sent, with its record's headers and what to do once Kafka has it. */
    record Held(ActivityResult result, Headers headers, Runnable onAcknowledged) {
    }

    private static final class Group {
        int running;
        List<Held> held = new ArrayList<>();
    }

    private final ResultPublisher publisher;
    private final ScheduledExecutorService timer;
    private final Map<String, Group> groups = new HashMap<>();

    ResultBatcher(ResultPublisher publisher, ScheduledExecutorService timer) {
        this.publisher = publisher;
        this.timer = timer;
    }

    /** A task of {@code task}'s execution starts running here. */
    synchronized void started(ActivityTask task) {
        groups.computeIfAbsent(key(task.instanceId(), task.executionId()), k -> new Group()).running++;
    }

    /** A task that {@link #started} ended with {@code result}: sent now, or with others of its execution soon. */
    void ended(ActivityResult result, Headers headers, Runnable onAcknowledged) {
        String key = key(result.instanceId(), result.executionId());
        List<Held> out;
        synchronized (this) {
            Group group = groups.computeIfAbsent(key, k -> new Group());
            group.running = Math.max(0, group.running - 1);
            group.held.add(new Held(result, headers, onAcknowledged));
            if (group.running == 0 || group.held.size() >= MAX_RESULTS) {
                out = takeHeld(key, group);
            } else {
                if (group.held.size() == 1) {
                    List<Held> waiting = group.held;
                    timer.schedule(() -> flush(key, waiting), LINGER.toNanos(), TimeUnit.NANOSECONDS);
                }
                out = null;
            }
        }
        if (out != null) {
            publisher.publishAll(out);
        }
    }

    private void flush(String key, List<Held> waiting) {
        List<Held> out;
        synchronized (this) {
            Group group = groups.get(key);
            if (group == null || group.held != waiting) {
                return; // already sent
            }
            out = takeHeld(key, group);
        }
        publisher.publishAll(out);
    }

    private List<Held> takeHeld(String key, Group group) {
        List<Held> out = group.held;
        group.held = new ArrayList<>();
        if (group.running == 0) {
            groups.remove(key);
        }
        return out;
    }

    private static String key(String instanceId, String executionId) {
        return instanceId + '\u0000' + executionId;
    }
}
