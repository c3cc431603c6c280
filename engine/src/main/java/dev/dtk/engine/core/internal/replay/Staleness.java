package dev.dtk.engine.core.internal.replay;

import dev.dtk.engine.core.InstanceState;

/**
 * Whether an input addressed to an execution still concerns the instance. Results and timers that
 * are stale, duplicated or unknown are ignored: at-least-once delivery makes them normal.
 */
public final class Staleness {

    private Staleness() {
    }

    /** Why an input for execution {@code executionId} no longer concerns the instance, or null. */
    static String of(String instanceId, InstanceState state, String executionId, String what) {
        if (state == null) {
            return what + " ignored: no instance '" + instanceId + "' exists";
        }
        if (state.isTerminal()) {
            return what + " ignored: " + finished(instanceId, state);
        }
        if (!state.executionId().equals(executionId)) {
            return what + " ignored: it belongs to execution " + executionId + " of instance '" + instanceId
                    + "', the current execution is " + state.executionId();
        }
        return null;
    }

    public static String finished(String instanceId, InstanceState state) {
        return "instance '" + instanceId + "' is " + state.runtimeStatus();
    }
}
