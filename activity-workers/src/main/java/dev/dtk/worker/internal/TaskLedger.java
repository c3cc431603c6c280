package dev.dtk.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.ActivityResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * What this worker knows about the tasks it was handed: the ones running now, and the results of
 * recent ones (the latest {@code maxEntries}, at most {@code maxBytes} of them). A task handed over
 * again (the engine redid the step that sent it, or another worker died before committing it) is
 * not run a second time: it joins the run in progress, or is answered with the recorded result.
 * Thread-safe.
 */
public final class TaskLedger {

    /** What to do with a task. */
    public sealed interface Admission {
    }

    /** Not seen before: run it, then {@link #settled} it. */
    public record Run() implements Admission {
    }

    /** It ran already: publish this result again (the engine ignores what it has). */
    public record Answered(ActivityResult result) implements Admission {
    }

    /** It is running now: the given callback runs once that run's result is acknowledged. */
    public record Joined() implements Admission {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final ToIntFunction<ActivityResult> sizeOf;
    private final Map<TaskKey, List<Runnable>> running = new HashMap<>();
    private final LinkedHashMap<TaskKey, Recorded> recorded = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<TaskKey, JsonNode> checkpoints = new HashMap<>();
    private long recordedBytes;

    private record Recorded(ActivityResult result, int bytes) {
    }

    public TaskLedger(int maxEntries, long maxBytes, ToIntFunction<ActivityResult> sizeOf) {
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("the ledger's limits must not be negative: " + maxEntries + " entries, "
                    + maxBytes + " bytes");
        }
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.sizeOf = sizeOf;
    }

    /**
     * Decides what to do with the task {@code key}. When it {@linkplain Joined joins} a run in progress,
     * {@code onSettled} runs once that run's result is acknowledged.
     */
    public synchronized Admission admit(TaskKey key, Runnable onSettled) {
        Recorded known = recorded.get(key);
        if (known != null) {
            return new Answered(known.result());
        }
        List<Runnable> joined = running.get(key);
        if (joined != null) {
            joined.add(onSettled);
            return new Joined();
        }
        running.put(key, new ArrayList<>());
        return new Run();
    }

    /**
     * The run of {@code key} ended with {@code result}: records it, and returns the callbacks of the
     * copies that joined the run (to call once the result is acknowledged).
     */
    public synchronized List<Runnable> settled(TaskKey key, ActivityResult result) {
        record(key, result);
        checkpoints.remove(key);
        List<Runnable> joined = running.remove(key);
        return joined == null ? List.of() : joined;
    }

    /** Results another run published (read back from the results topic): their tasks do not run again. */
    public synchronized void recall(List<ActivityResult> results) {
        results.forEach(result -> record(TaskKey.of(result), result));
    }


    /**
     * Checkpoints earlier runs saved (read back with the tasks about to run): those tasks, when they run,
     * find them. At most as many as results are kept.
     */
    public synchronized void recallCheckpoints(Map<TaskKey, JsonNode> saved) {
        saved.forEach((key, value) -> {
            if (checkpoints.size() < Math.max(maxEntries, 1) || checkpoints.containsKey(key)) {
                checkpoints.put(key, value);
            }
        });
    }

    /** What an earlier run of {@code key} saved, if it was read back. */
    public synchronized Optional<JsonNode> checkpoint(TaskKey key) {
        return Optional.ofNullable(checkpoints.get(key));
    }

    public synchronized int recordedCount() {
        return recorded.size();
    }

    private void record(TaskKey key, ActivityResult result) {
        int bytes = sizeOf.applyAsInt(result);
        if (bytes > maxBytes || maxEntries == 0) {
            return;
        }
        Recorded previous = recorded.put(key, new Recorded(result, bytes));
        recordedBytes += bytes - (previous == null ? 0 : previous.bytes());
        var eldest = recorded.entrySet().iterator();
        while ((recorded.size() > maxEntries || recordedBytes > maxBytes) && eldest.hasNext()) {
            recordedBytes -= eldest.next().getValue().bytes();
            eldest.remove();
        }
    }
}
