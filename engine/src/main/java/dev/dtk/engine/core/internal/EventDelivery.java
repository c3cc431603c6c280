package dev.dtk.engine.core.internal;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.LiveRuns;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.internal.replay.Admission;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hands an admitted event to an instance: into its inbox while Suspended, else to its code. */
public final class EventDelivery {

    private final CodeRunner runner;

    public EventDelivery(CodeRunner runner) {
        this.runner = runner;
    }

    public StepResult deliver(String instanceId, InstanceState state, Admission admission, Instant now) {
        return deliver(instanceId, state, admission, now, LiveRuns.NONE);
    }

    /** As above, going on in a run kept in {@code live} when there is one. */
    public StepResult deliver(String instanceId, InstanceState state, Admission admission, Instant now,
            LiveRuns live) {
        if (!admission.accepted()) {
            return admission.rejection();
        }
        if (state.runtimeStatus() == RuntimeStatus.Suspended) {
            int held = state.history().size() + state.suspendedInbox().size();
            if (held >= runner.rules().limits().maxHistoryEvents()) {
                return StepResult.refused("instance '" + instanceId + "' is Suspended and already holds " + held
                        + " events with its inbox, the limit of one execution's history (DTK_MAX_HISTORY_EVENTS);"
                        + " resume it before sending more");
            }
            List<HistoryEvent> inbox = new ArrayList<>(state.suspendedInbox());
            inbox.add(admission.event());
            return runner.output(instanceId, state).build(state.withSuspendedInbox(inbox), now);
        }
        return runner.run(instanceId, state, state,
                List.of(new HistoryEvent.OrchestratorStarted(now), admission.event()), now, live);
    }

    /**
     * Hands an admitted event to the code of the instance where it waits in a run kept in {@code live},
     * without waiting for it, as {@link #deliver} would hand it ({@link CodeRunner#offer}): a deliver with
     * the same state, admission and time then goes on from there. Returns whether the code got it.
     */
    public boolean offer(String instanceId, InstanceState state, Admission admission, Instant now, LiveRuns live) {
        return admission.accepted() && state.runtimeStatus() != RuntimeStatus.Suspended
                && runner.offer(instanceId, state, List.of(new HistoryEvent.OrchestratorStarted(now), admission.event()),
                        live);
    }

    /**
     * Several admitted inputs in one step: those accepted go to the code together, in their order (into
     * the inbox while Suspended); when none is accepted, the step changes nothing and says why.
     */
    public StepResult deliverAll(String instanceId, InstanceState state, List<Admission> admissions, Instant now,
            LiveRuns live) {
        List<HistoryEvent> events = new ArrayList<>(admissions.size() + 1);
        events.add(new HistoryEvent.OrchestratorStarted(now));
        List<String> ignored = new ArrayList<>();
        StepResult refused = null;
        for (Admission admission : admissions) {
            if (admission.accepted()) {
                events.add(admission.event());
            } else if (admission.rejection().isRefused()) {
                refused = refused == null ? admission.rejection() : refused;
            } else {
                ignored.add(admission.rejection().note());
            }
        }
        if (events.size() == 1) {
            return refused != null ? refused : StepResult.ignored(String.join("; ", ignored));
        }
        if (state.runtimeStatus() == RuntimeStatus.Suspended) {
            int held = state.history().size() + state.suspendedInbox().size() + events.size() - 1;
            if (held > runner.rules().limits().maxHistoryEvents()) {
                return StepResult.refused("instance '" + instanceId + "' is Suspended and would hold " + held
                        + " events with its inbox, over the limit of one execution's history (DTK_MAX_HISTORY_EVENTS);"
                        + " resume it before sending more");
            }
            List<HistoryEvent> inbox = new ArrayList<>(state.suspendedInbox());
            inbox.addAll(events.subList(1, events.size()));
            return runner.output(instanceId, state).build(state.withSuspendedInbox(inbox), now);
        }
        return runner.run(instanceId, state, state, events, now, live);
    }
}
