package dev.dtk.engine.streams;

import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.TimerChange;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.SubOrchestrationCompleted;
import dev.dtk.topics.message.WireMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's one processor: everything that happens to an instance (commands, activity results,
 * due timers) goes through {@link #step}, which loads the instance, lets the pure
 * {@link InstanceStepper} decide, and writes the outcome: state, timers and outgoing records, all
 * in the same Kafka Streams transaction.
 *
 * <p>Errors are sorted as in {@link EngineTopology}: a record that cannot be read or that the core
 * refuses goes to the dead-letter topic with the reason; an unexpected error in the core is logged
 * and dead-lettered too, so one bad record never stops a partition; Kafka errors propagate.
 */
final class InstanceProcessor implements Processor<String, byte[], String, Outgoing> {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceProcessor.class);
    private static final int MAX_TIMERS_PER_SWEEP = 10_000;

    private final InstanceStepper stepper;
    private final Duration sweepInterval;
    private ProcessorContext<String, Outgoing> context;
    private KeyValueStore<String, byte[]> instances;
    private KeyValueStore<Bytes, byte[]> timers;

    InstanceProcessor(InstanceStepper stepper, Duration sweepInterval) {
        this.stepper = stepper;
        this.sweepInterval = sweepInterval;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.instances = context.getStateStore(EngineTopology.INSTANCES_STORE);
        this.timers = context.getStateStore(EngineTopology.TIMERS_STORE);
        context.schedule(sweepInterval, PunctuationType.WALL_CLOCK_TIME, this::fireDueTimers);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String instanceId = record.key();
        if (instanceId == null || instanceId.isEmpty()) {
            deadLetter(source, record, "the record has no key; the key must be the instance ID");
            return;
        }
        Inbound inbound;
        try {
            inbound = read(source.topic(), record.value());
        } catch (RuntimeException e) {
            deadLetter(source, record, "cannot read the record: " + JsonSerde.rootMessage(e));
            return;
        }
        Optional<String> refusal = step(instanceId, inbound);
        refusal.ifPresent(reason -> {
            deadLetter(source, record, reason);
            tellParentOfRefusedStart(instanceId, inbound, reason);
        });
    }

    /**
     * A sub-orchestration whose start is refused (unknown orchestrator, ID already running) would leave
     * its parent waiting forever: the parent's task fails instead, with the reason.
     */
    private void tellParentOfRefusedStart(String childId, Inbound inbound, String reason) {
        if (inbound instanceof Inbound.CommandReceived(StartOrchestration start) && start.parent() != null) {
            ParentInstance parent = start.parent();
            SubOrchestrationCompleted failed = new SubOrchestrationCompleted(WireMessage.CURRENT_VERSION,
                    parent.executionId(), parent.taskId(), childId, null,
                    FailureDetails.of("SubOrchestrationRefused", "the sub-orchestration '" + start.name()
                            + "' could not start as '" + childId + "': " + reason));
            context.forward(new Record<>(parent.instanceId(),
                    new Outgoing(Topics.COMMANDS, DtkJson.write(failed)), context.currentSystemTimeMs()));
        }
    }

    private static Inbound read(String topic, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        if (topic.equals(Topics.ACTIVITY_RESULTS)) {
            return new Inbound.ResultReceived(DtkJson.read(value, ActivityResult.class));
        }
        return new Inbound.CommandReceived(DtkJson.read(value, Command.class));
    }

    /** Applies one input to one instance; returns the reason when the input is refused. */
    private Optional<String> step(String instanceId, Inbound inbound) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        byte[] stored = instances.get(instanceId);
        InstanceState state = stored == null ? null : DtkJson.read(stored, InstanceState.class);
        StepResult result;
        try {
            result = stepper.apply(instanceId, state, inbound, now);
        } catch (RuntimeException e) {
            LOG.error("instance {}: internal error while applying {}; the input is dead-lettered", instanceId,
                    inbound.getClass().getSimpleName(), e);
            return Optional.of("internal error in the engine: " + e);
        }
        if (result.deadLetterReason() != null) {
            LOG.warn("instance {}: refused {}: {}", instanceId, inbound.getClass().getSimpleName(),
                    result.deadLetterReason());
            return Optional.of(result.deadLetterReason());
        }
        if (!result.changed()) {
            LOG.info("instance {}: ignored {}: {}", instanceId, inbound.getClass().getSimpleName(), result.note());
            return Optional.empty();
        }
        write(instanceId, state, result, now);
        return Optional.empty();
    }

    private void write(String instanceId, InstanceState before, StepResult result, Instant now) {
        if (result.state() == null) {
            instances.delete(instanceId);
        } else {
            instances.put(instanceId, DtkJson.write(result.state()));
        }
        for (TimerChange change : result.timerChanges()) {
            switch (change) {
                case TimerChange.Add add -> timers.put(TimerKey.of(add.fireAt(), instanceId, add.timerId()).toBytes(),
                        add.executionId().getBytes(StandardCharsets.UTF_8));
                case TimerChange.Remove remove -> timers.delete(
                        TimerKey.of(remove.fireAt(), instanceId, remove.timerId()).toBytes());
            }
        }
        long timestamp = now.toEpochMilli();
        if (result.isPurge()) {
            LOG.info("instance {}: {}", instanceId, result.note());
            context.forward(new Record<>(instanceId, new Outgoing(Topics.INSTANCE_STATUS, null), timestamp));
        }
        for (Outbound outbound : result.outbound()) {
            switch (outbound) {
                case Outbound.ScheduleActivity schedule -> context.forward(new Record<>(instanceId,
                        new Outgoing(Topics.tasks(schedule.queue()), DtkJson.write(schedule.task())), timestamp));
                case Outbound.SendCommand send -> context.forward(new Record<>(send.instanceId(),
                        new Outgoing(Topics.COMMANDS, DtkJson.write(send.command())), timestamp));
            }
        }
        if (result.status() != null && visiblyChanged(before, result.status())) {
            context.forward(new Record<>(instanceId,
                    new Outgoing(Topics.INSTANCE_STATUS, DtkJson.write(result.status())), timestamp));
        }
    }

    /**
     * Whether a status differs from the instance's previous one in more than its update time. A step
     * that only adds to history (an activity result while the instance keeps running) publishes
     * nothing: readers see every change of status, output or custom status, at half the records.
     */
    private static boolean visiblyChanged(InstanceState before, InstanceStatus after) {
        return before == null
                || before.runtimeStatus() != after.runtimeStatus()
                || !before.executionId().equals(after.executionId())
                || !Objects.equals(before.customStatus(), after.customStatus())
                || !Objects.equals(before.output(), after.output())
                || !Objects.equals(before.input(), after.input());
    }

    private void fireDueTimers(long nowMillis) {
        List<Due> due = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timers.range(TimerKey.first(), TimerKey.upTo(nowMillis))) {
            while (it.hasNext() && due.size() < MAX_TIMERS_PER_SWEEP) {
                var entry = it.next();
                due.add(new Due(TimerKey.fromBytes(entry.key), new String(entry.value, StandardCharsets.UTF_8)));
            }
        }
        for (Due timer : due) {
            timers.delete(timer.key().toBytes());
            Optional<String> refusal = step(timer.key().instanceId(),
                    new Inbound.TimerDue(timer.executionId(), timer.key().timerId(), timer.key().fireAt()));
            refusal.ifPresent(reason -> LOG.warn("instance {}: timer {} refused: {}", timer.key().instanceId(),
                    timer.key().timerId(), reason));
        }
    }

    private void deadLetter(RecordMetadata source, Record<String, byte[]> record, String reason) {
        LOG.warn("dead-lettering {}-{}@{} (key {}): {}", source.topic(), source.partition(), source.offset(),
                record.key(), reason);
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        context.forward(new Record<>(record.key(), DeadLetters.of(source, record.key(), record.value(), reason, now),
                now.toEpochMilli()));
    }

    private record Due(TimerKey key, String executionId) {
    }
}
