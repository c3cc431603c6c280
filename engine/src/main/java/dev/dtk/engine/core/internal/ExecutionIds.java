package dev.dtk.engine.core.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Execution IDs: name-based UUIDs of what caused the execution, never of the time of the step. A
 * step redone after an engine crash (its transaction aborted, its input read again) derives the same
 * ID as the aborted one, so the tasks it schedules carry the same IDs too, and a worker that already
 * ran one of them recognises it.
 */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    /**
     * The ID of execution number {@code generation} of {@code instanceId}, started by the command read
     * at {@code source} (unique per record: a topic, partition and offset). Without a source (a step
     * not fed from Kafka) the step's time stands in for it.
     */
    public static String ofStart(String instanceId, int generation, String source, Instant now) {
        String origin = source != null ? "record " + source : "time " + now;
        return uuid("dtk-execution\n" + instanceId + "\n" + generation + "\n" + origin);
    }

    /** The ID of the execution that {@code previousExecutionId} continues as new as, number {@code generation}. */
    public static String next(String previousExecutionId, int generation) {
        return uuid("dtk-continued-as-new\n" + previousExecutionId + "\n" + generation);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
