package dev.dtk.engine.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Execution IDs: name-based UUIDs, so that a replayed step derives the same ID. */
public final class ExecutionIds {

    private ExecutionIds() {
    }

    /** The ID of execution number {@code generation} of {@code instanceId}, started at {@code startedAt}. */
    public static String of(String instanceId, java.time.Instant startedAt, int generation) {
        String name = "dtk-execution\n" + instanceId + "\n" + startedAt + "\n" + generation;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
