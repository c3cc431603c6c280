package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.TimerChange;
import dev.dtk.engine.core.internal.replay.PendingWork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects what a changing step produces, and builds its {@link StepResult}. Timer changes are
 * the difference between the pending timers before and after the step, so the timer store
 * always holds exactly the pending timers of running instances.
 */
public final class StepOutput {

    private final String instanceId;
    private final InstanceState before;
    private final List<Outbound> outbound = new ArrayList<>();

    public StepOutput(String instanceId, InstanceState before) {
        this.instanceId = instanceId;
        this.before = before;
    }

    public String instanceId() {
        return instanceId;
    }

    public void send(Outbound record) {
        outbound.add(record);
    }

    /** The result of a step that leaves the instance in state {@code after} (stamped with {@code now}). */
    public StepResult build(InstanceState after, Instant now) {
        InstanceState stamped = after.withStatus(after.runtimeStatus(), now);
        return new StepResult(stamped, true, outbound, timerChanges(stamped), StatusView.of(instanceId, stamped),
                null, null);
    }

    private List<TimerChange> timerChanges(InstanceState after) {
        Map<Integer, Instant> old = PendingWork.of(before).timers();
        Map<Integer, Instant> current = PendingWork.of(after).timers();
        boolean sameExecution = before != null && before.executionId().equals(after.executionId());
        List<TimerChange> changes = new ArrayList<>();
        old.forEach((id, fireAt) -> {
            if (!sameExecution || !fireAt.equals(current.get(id))) {
                changes.add(new TimerChange.Remove(id, fireAt));
            }
        });
        current.forEach((id, fireAt) -> {
            if (!sameExecution || !fireAt.equals(old.get(id))) {
                changes.add(new TimerChange.Add(id, fireAt, after.executionId()));
            }
        });
        return changes;
    }
}
