package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.TimerChange;
import dev.dtk.engine.core.internal.replay.PendingWork;
import dev.dtk.topics.message.Purge;
import java.util.ArrayList;
import java.util.List;

/**
 * Purge: a finished instance is deleted everywhere (state with history, pending timers, status).
 * A purge of an unknown instance still publishes the status tombstone, so a status the gateway
 * wrote for a start that never happened goes away too. A live instance is not purged.
 */
public final class PurgeHandler {

    public StepResult apply(String instanceId, InstanceState state, Purge purge) {
        if (state == null) {
            return StepResult.purged(List.of(), "no instance '" + instanceId + "'; its status is cleared");
        }
        if (!state.isTerminal()) {
            return StepResult.ignored("instance '" + instanceId + "' is " + state.runtimeStatus()
                    + "; purge ignored (terminate it first)");
        }
        List<TimerChange> removals = new ArrayList<>();
        PendingWork.of(state).timers().forEach((id, fireAt) -> removals.add(new TimerChange.Remove(id, fireAt)));
        return StepResult.purged(removals, "instance '" + instanceId + "' purged"
                + (purge.reason() == null ? "" : ": " + purge.reason()));
    }
}
