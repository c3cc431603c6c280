package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.Purge;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drives an {@link InstanceStepper} the way the Kafka shell does: keeps the instance and timer
 * stores, collects outgoing records, and checks on every step that applying the same input to
 * the same stored state again (a replay after a crash) gives exactly the same result.
 */
final class Harness {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final InstanceStepper stepper;
    private final LiveRunCache live = new LiveRunCache(1_000, Long.MAX_VALUE);
    private final EntityStepper entities;
    private final Map<String, EntityState> entityStates = new HashMap<>();
    private final Map<String, List<EntityStepResult.Scheduled>> entityTimers = new HashMap<>();
    private final List<EntityStepResult> entityResults = new ArrayList<>();
    private long origins;
    private final Map<String, InstanceState> states = new HashMap<>();
    private final Map<String, Map<Integer, TimerChange.Add>> timers = new HashMap<>();
    private final List<ActivityTask> openActivities = new ArrayList<>();
    private final List<Outbound.SendCommand> sentCommands = new ArrayList<>();
    private final List<StepResult> results = new ArrayList<>();
    private Instant now = T0;

    Harness(OrchestratorRegistry registry, ActivityRouting routing) {
        this(registry, StepRules.of(routing), CodeGuard.DIRECT);
    }

    Harness(OrchestratorRegistry registry, StepRules rules, CodeGuard guard) {
        this(registry, EntityRegistry.empty(), rules, guard);
    }

    Harness(OrchestratorRegistry registry, EntityRegistry entityRegistry, StepRules rules, CodeGuard guard) {
        this.stepper = new InstanceStepper(registry, rules, guard);
        this.entities = new EntityStepper(entityRegistry, rules.limits(), guard);
    }

    /** Orchestrations and entities, on the default queue and limits. */
    static Harness of(OrchestratorRegistry registry, EntityRegistry entityRegistry) {
        return new Harness(registry, entityRegistry, StepRules.of(ActivityRouting.single("default")), CodeGuard.DIRECT);
    }

    static Harness of(String name, Orchestrator orchestrator) {
        return new Harness(OrchestratorRegistry.builder().register(name, orchestrator).build(),
                ActivityRouting.single("default"));
    }

    static Harness of(OrchestratorRegistry registry) {
        return new Harness(registry, ActivityRouting.single("default"));
    }

    // ---- inputs ----

    StepResult apply(String instanceId, Inbound inbound) {
        InstanceState before = states.get(instanceId);
        StepResult result = stepper.apply(instanceId, before, inbound, now, live);
        assertThat(stepper.apply(instanceId, before, inbound, now))
                .as("replaying the whole history gives what the code kept alive gave").isEqualTo(result);
        if (result.changed() && result.state() != null) {
            assertThat(result.historyKept()).as("kept history").isBetween(0, result.state().history().size());
            if (before != null && result.historyKept() > 0) {
                assertThat(result.state().history().subList(0, result.historyKept()))
                        .as("the history a step keeps is the stored one").isEqualTo(before.history()
                                .subList(0, result.historyKept()));
            }
        }
        if (result.isPurge()) {
            assertThat(result.outbound()).isEmpty();
            assertThat(result.status()).isNull();
            states.remove(instanceId);
            timers.remove(instanceId);
        } else if (result.changed()) {
            assertThat(result.state()).isNotNull();
            assertThat(result.status()).isNotNull();
            states.put(instanceId, result.state());
            Map<Integer, TimerChange.Add> store = timers.computeIfAbsent(instanceId, k -> new LinkedHashMap<>());
            for (TimerChange change : result.timerChanges()) {
                switch (change) {
                    case TimerChange.Add add -> store.put(add.timerId(), add);
                    case TimerChange.Remove remove -> store.remove(remove.timerId());
                }
            }
            for (Outbound out : result.outbound()) {
                switch (out) {
                    case Outbound.ScheduleActivity s -> openActivities.add(s.task());
                    case Outbound.SendCommand c -> sentCommands.add(c);
                }
            }
        } else {
            assertThat(result.state()).isNull();
            assertThat(result.timerChanges()).isEmpty();
            assertThat(result.status()).isNull();
            for (Outbound out : result.outbound()) {
                sentCommands.add((Outbound.SendCommand) out);
            }
        }
        results.add(result);
        return result;
    }

    StepResult command(String instanceId, Command command) {
        if (instanceId.startsWith("@")) {
            EntityStepResult result = entity(instanceId, command);
            return result.isRefused() ? StepResult.refused(result.deadLetterReason())
                    : StepResult.ignored(result.note());
        }
        return apply(instanceId, new Inbound.CommandReceived(command));
    }

    /** Applies {@code command} to entity {@code entityId}, checking that redoing the step gives the same result. */
    EntityStepResult entity(String entityId, Command command) {
        EntityState before = entityStates.get(entityId);
        String origin = "harness@" + origins++;
        EntityStepResult result = entities.apply(entityId, before, command, now, origin);
        assertThat(entities.apply(entityId, before, command, now, origin))
                .as("redoing the same entity step gives the same result").isEqualTo(result);
        return keep(entityId, before, result);
    }

    private EntityStepResult keep(String entityId, EntityState before, EntityStepResult result) {
        if (result.changed()) {
            if (result.state() == null) {
                entityStates.remove(entityId);
            } else {
                entityStates.put(entityId, result.state());
            }
            List<Command> old = before == null ? List.of() : before.queue();
            List<Command> now = result.state() == null ? List.of() : result.state().queue();
            assertThat(result.queueDropped() + result.queueKept()).isLessThanOrEqualTo(old.size());
            assertThat(now.subList(0, result.queueKept()))
                    .as("the queue a step keeps is the stored one")
                    .isEqualTo(old.subList(result.queueDropped(), result.queueDropped() + result.queueKept()));
            entityTimers.computeIfAbsent(entityId, k -> new ArrayList<>()).addAll(result.scheduled());
        } else {
            assertThat(result.scheduled()).isEmpty();
            assertThat(result.status()).isNull();
        }
        for (Outbound out : result.outbound()) {
            sentCommands.add((Outbound.SendCommand) out);
        }
        entityResults.add(result);
        return result;
    }

    StepResult start(String instanceId, String name, Object input) {
        return command(instanceId, StartOrchestration.of(name, DtkJson.toTree(input)));
    }

    StepResult raise(String instanceId, String event, Object data) {
        return command(instanceId, RaiseEvent.of(event, DtkJson.toTree(data)));
    }

    StepResult terminate(String instanceId, String reason) {
        return command(instanceId, Terminate.because(reason));
    }

    StepResult suspend(String instanceId) {
        return command(instanceId, Suspend.because("test"));
    }

    StepResult resume(String instanceId) {
        return command(instanceId, Resume.because("test"));
    }

    StepResult rewind(String instanceId) {
        return command(instanceId, Rewind.because("test"));
    }

    StepResult purge(String instanceId) {
        return command(instanceId, Purge.because("test"));
    }

    StepResult complete(ActivityTask task, Object output) {
        openActivities.remove(task);
        return apply(task.instanceId(), new Inbound.ResultReceived(ActivityCompleted.of(task, DtkJson.toTree(output))));
    }

    /** Delivers {@code results} (of one instance) as one record, as a worker sends the results of a fan-out. */
    StepResult deliverTogether(List<ActivityResult> results) {
        results.forEach(result -> openActivities.removeIf(task -> task.executionId().equals(result.executionId())
                && task.taskId() == result.taskId()));
        return apply(results.get(0).instanceId(), new Inbound.ResultsReceived(results));
    }

    StepResult fail(ActivityTask task, String errorType, String message) {
        openActivities.remove(task);
        return apply(task.instanceId(),
                new Inbound.ResultReceived(ActivityFailed.of(task, FailureDetails.of(errorType, message))));
    }

    /** Completes the oldest open activity named {@code name}. */
    StepResult complete(String name, Object output) {
        return complete(activity(name), output);
    }

    /** Moves the clock on and fires every due timer, as the sweep does. */
    List<StepResult> advance(Duration duration) {
        now = now.plus(duration);
        List<StepResult> fired = new ArrayList<>();
        List<Map.Entry<String, TimerChange.Add>> due = new ArrayList<>();
        timers.forEach((id, store) -> store.values().stream().filter(t -> !t.fireAt().isAfter(now))
                .forEach(t -> due.add(Map.entry(id, t))));
        due.sort(Comparator.comparing(e -> e.getValue().fireAt()));
        for (Map.Entry<String, TimerChange.Add> entry : due) {
            TimerChange.Add t = entry.getValue();
            timers.get(entry.getKey()).remove(t.timerId());
            fired.add(apply(entry.getKey(), new Inbound.TimerDue(t.executionId(), t.timerId(), t.fireAt())));
        }
        List<Map.Entry<String, EntityStepResult.Scheduled>> dueSignals = new ArrayList<>();
        entityTimers.forEach((id, scheduled) -> scheduled.stream().filter(t -> !t.fireAt().isAfter(now))
                .forEach(t -> dueSignals.add(Map.entry(id, t))));
        dueSignals.sort(Comparator.comparing(e -> e.getValue().fireAt()));
        for (Map.Entry<String, EntityStepResult.Scheduled> entry : dueSignals) {
            String id = entry.getKey();
            EntityStepResult.Scheduled signal = entry.getValue();
            entityTimers.get(id).remove(signal);
            EntityState before = entityStates.get(id);
            EntityStepResult result = entities.due(id, before, signal.timerId(), signal.signal(), now);
            assertThat(entities.due(id, before, signal.timerId(), signal.signal(), now)).isEqualTo(result);
            keep(id, before, result);
        }
        return fired;
    }

    /**
     * A new version of the code is deployed: the engines restart, so no code is kept alive and the next
     * steps replay with the new code (as tests that change code between steps need).
     */
    void redeploy() {
        live.clear();
    }

    void clockAt(Instant at) {
        now = at;
    }

    /** Delivers every command the engine sent to other instances (sub-orchestrations, events), until none remain. */
    void deliverCommands() {
        while (!sentCommands.isEmpty()) {
            Outbound.SendCommand next = sentCommands.remove(0);
            command(next.instanceId(), next.command());
        }
    }

    /** Delivers the oldest sent command addressed to {@code to} (an instance or entity ID); false when none. */
    boolean deliverNext(String to) {
        for (int i = 0; i < sentCommands.size(); i++) {
            if (sentCommands.get(i).instanceId().equals(to)) {
                Outbound.SendCommand next = sentCommands.remove(i);
                command(next.instanceId(), next.command());
                return true;
            }
        }
        return false;
    }

    /** Delivers sent commands in a random (seeded) order across addressees, each addressee's in order, until none remain. */
    void deliverShuffled(java.util.Random random) {
        while (!sentCommands.isEmpty()) {
            List<String> addressees = sentCommands.stream().map(Outbound.SendCommand::instanceId).distinct().toList();
            deliverNext(addressees.get(random.nextInt(addressees.size())));
        }
    }

    EntityState entityState(String entityId) {
        return entityStates.get(entityId);
    }

    EntityStepResult lastEntityResult() {
        return entityResults.getLast();
    }

    List<EntityStepResult> entityResults() {
        return List.copyOf(entityResults);
    }

    // ---- observations ----

    Instant now() {
        return now;
    }

    InstanceState state(String instanceId) {
        return states.get(instanceId);
    }

    RuntimeStatus status(String instanceId) {
        return states.get(instanceId).runtimeStatus();
    }

    JsonNode output(String instanceId) {
        return states.get(instanceId).output();
    }

    StepResult last() {
        return results.get(results.size() - 1);
    }

    List<ActivityTask> openActivities() {
        return List.copyOf(openActivities);
    }

    ActivityTask activity(String name) {
        return findActivity(name).orElseThrow(() -> new AssertionError("no open activity '" + name + "' in "
                + openActivities));
    }

    Optional<ActivityTask> findActivity(String name) {
        return openActivities.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    Map<Integer, TimerChange.Add> timers(String instanceId) {
        return Map.copyOf(timers.getOrDefault(instanceId, Map.of()));
    }

    List<Outbound.SendCommand> sentCommands() {
        return List.copyOf(sentCommands);
    }

    void clearSentCommands() {
        sentCommands.clear();
    }
}
