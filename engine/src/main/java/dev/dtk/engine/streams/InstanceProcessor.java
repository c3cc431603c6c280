package dev.dtk.engine.streams;

import dev.dtk.engine.core.EngineFailure;
import dev.dtk.engine.core.EntityState;
import dev.dtk.engine.core.EntityStepResult;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.engine.core.LiveRunCache;
import dev.dtk.engine.core.Outbound;
import dev.dtk.engine.core.StepResult;
import dev.dtk.engine.core.TimerChange;
import dev.dtk.entity.EntityId;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.json.JsonSerde;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityResults;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.ResultRecord;
import dev.dtk.topics.message.DeadLetter;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.Cancellable;
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
 * in the same Kafka Streams transaction. Records keyed by an entity ID ({@code @name@key}) go the
 * same way through {@link #stepEntity} and the {@link EntityStepper}.
 *
 * <p>Nothing an input holds can stop a partition. Errors are sorted as in {@link EngineTopology}: a
 * record that cannot be read, that the core refuses, or that makes anything in here throw goes to
 * the dead-letter topic with the reason (cut to fit) and the partition goes on; a due timer whose
 * step is refused is kept and tried again later; only Kafka's own errors propagate (Kafka Streams
 * aborts the transaction and redoes the work). A record produced to the wrong partition (a client
 * with another partitioner than Java's) is sent on to the partition its key belongs to.
 */
final class InstanceProcessor implements Processor<String, byte[], String, Outgoing> {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceProcessor.class);
    private static final int MAX_TIMERS_PER_SWEEP = 10_000;
    /** Due timers read from the store at a time during a sweep. */
    private static final int SWEEP_CHUNK = 64;
    /**
     * Due timers whose instances' code is handed its step before the first of them fires ({@link #offer}):
     * few enough that firing all of them overruns a sweep's budget by little (a timer handed its step
     * fires in the same sweep), enough that each one's code has run by the time its step comes.
     */
    private static final int OFFER_GROUP = 8;
    /**
     * How long before a timer is due the regular sweep starts its instance's code replaying, where none is
     * kept ({@link #warmAhead}); well within the caches' idle bound, which would let it go again.
     */
    private static final Duration WARM_AHEAD = Duration.ofMillis(250);
    /** At most this many instances warmed per regular sweep (one every 10 ms by default). */
    private static final int MAX_WARM_PER_SWEEP = 64;
    /**
     * How often a stream thread checks whether an ended instance waits for an early commit and whether a
     * timer is due ({@link StreamThreadSignals}); both checks are a comparison, no store access.
     */
    private static final Duration SIGNALS_CHECK = Duration.ofMillis(1);
    /**
     * How far ahead a sweep looks for the next timer due. Until then the regular sweeps have nothing to
     * read, unless a timer is set meanwhile ({@link #nextDue}).
     */
    private static final Duration LOOK_AHEAD = Duration.ofSeconds(1);
    /** {@link #nextDue} before the first sweep found out. */
    private static final long UNKNOWN = Long.MIN_VALUE;
    /** Set on a record this processor sent on to its key's partition; such a record is never sent on again. */
    static final String REROUTED_HEADER = "dtk-rerouted-from";
    /** Instance IDs longer than this are refused (as the HTTP API refuses them). */
    static final int MAX_ID_LENGTH = 256;

    private final InstanceStepper stepper;
    private final EntityStepper entityStepper;
    private final ShellSettings settings;
    private final StepObserver observer;
    private StepObserver.Step watched = StepObserver.Step.NONE;
    private ProcessorContext<String, Outgoing> context;
    private InstanceStore instances;
    private EntityStore entities;
    private KeyValueStore<Bytes, byte[]> timers;
    private LiveRunCache live;
    private final InputLag lag;
    private boolean appliedSinceSweep;
    /** This thread's {@link StreamThreadSignals#polls() polls} when the last sweep ran. */
    private long pollsAtSweep;
    /**
     * When this task's earliest timer is due (epoch ms; {@link Long#MAX_VALUE}: none), as of the last
     * sweep and the timers set since: the 1 ms check sweeps when it has come, so a timer fires within
     * about a millisecond of its due time instead of within the sweep interval.
     */
    private long nextDue = UNKNOWN;
    /**
     * Where sweeps start reading: just past the last timer fired. A fired timer is deleted, and RocksDB
     * keeps its tombstone until a compaction: a scan from the start of the store steps over every timer
     * fired since, and with a backlog firing (an hour's worth of timers due) those seeks took most of the
     * stream thread. A timer stored behind this moves it back ({@link #setTimer}). To be sure, a sweep
     * reads from the start once every {@link #FULL_SWEEP_EVERY}: seldom, as such a read costs tens of
     * milliseconds once a million timers have fired since the last compaction ({@code ./dtk bench --only
     * timer-tombstones}).
     */
    private Bytes sweepFrom = TimerKey.first();
    /** Just past the last timer whose instance {@link #warmAhead} warmed; it goes on from here or {@link #sweepFrom}. */
    private Bytes warmedTo = TimerKey.first();
    /**
     * Until when (epoch ms) no timer of this task is due but those set since, which lower {@link #nextDue}:
     * the last sweep fired all that were due and looked {@link #LOOK_AHEAD} further. The regular sweep
     * skips its read of the store until then. Each read steps over the tombstones of the timers deleted
     * since the last compaction (verifications answered before their deadline), and reading 100 times a
     * second in each task took 2-5% of the stream thread while 3,000,000 verifications started.
     */
    private long quietUntil = UNKNOWN;
    /** The smallest key of the timers set since the current (or last) sweep began; null if none. */
    private Bytes setDuringSweep;
    /**
     * The due timers of the current sweep read ahead ({@link #offer}), by the timer's key: their instance as
     * stored, and whether its code was handed the step; empty between sweeps.
     */
    private final Map<Bytes, Offered> offered = new HashMap<>();
    private long lastFullSweep = System.nanoTime();
    private long initNanos;
    /** The regular sweep and the millisecond check while this task is active; null while it idles. */
    private Cancellable sweeps;
    private Cancellable checks;
    /** While this task idles, its one wake-up. */
    private Cancellable idleWake;
    private static final Duration UNKNOWN_LAG_PATIENCE = Duration.ofSeconds(30);
    private static final Duration FULL_SWEEP_EVERY = Duration.ofMinutes(1);

    InstanceProcessor(InstanceStepper stepper, EntityStepper entityStepper, ShellSettings settings) {
        this(stepper, entityStepper, settings, StepObserver.NONE, InputLag.NONE);
    }

    InstanceProcessor(InstanceStepper stepper, EntityStepper entityStepper, ShellSettings settings,
            StepObserver observer, InputLag lag) {
        this.stepper = stepper;
        this.entityStepper = entityStepper;
        this.settings = settings;
        this.observer = observer;
        this.lag = lag;
    }

    @Override
    public void init(ProcessorContext<String, Outgoing> context) {
        this.context = context;
        this.initNanos = System.nanoTime();
        this.pollsAtSweep = StreamThreadSignals.current().polls();
        this.instances = new InstanceStore(context.getStateStore(EngineTopology.INSTANCES_STORE),
                context.getStateStore(EngineTopology.HISTORY_STORE),
                new InstanceCache(settings.cacheEntries(), settings.cacheBytes(), settings.cacheIdle(), System::nanoTime));
        this.entities = new EntityStore(context.getStateStore(EngineTopology.ENTITIES_STORE),
                context.getStateStore(EngineTopology.HISTORY_STORE));
        this.timers = context.getStateStore(EngineTopology.TIMERS_STORE);
        this.live = new LiveRunCache(settings.cacheEntries(), settings.cacheBytes(), settings.cacheIdle(), System::nanoTime);
        becomeActive();
        observer.init(context);
    }

    /**
     * Runs the sweeps: the regular one every {@link ShellSettings#timerSweepInterval} and the millisecond
     * check, until this task has nothing to do ({@link #mayIdle}).
     */
    private void becomeActive() {
        StreamThreadSignals.current().taskActive(context.taskId());
        if (idleWake != null) {
            idleWake.cancel();
            idleWake = null;
        }
        if (sweeps == null) {
            sweeps = context.schedule(settings.timerSweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                    this::regularSweep);
            checks = context.schedule(SIGNALS_CHECK, PunctuationType.WALL_CLOCK_TIME, this::check);
        }
    }

    private void regularSweep(long now) {
        if (now >= nextDue || now >= quietUntil || fullSweepDue()) {
            fireDueTimers(now);
        }
        if (nextDue > now && nextDue - now <= WARM_AHEAD.toMillis()) {
            warmAhead(now);
        }
        instances.expireCache();
        live.expire();
        if (mayIdle()) {
            becomeIdle(now);
        }
    }

    private void check(long now) {
        StreamThreadSignals signals = StreamThreadSignals.current();
        if (signals.commitNow()) {
            context.commit();
        }
        if (now >= nextDue) {
            fireDueTimers(now);
        }
        signals.wakeBy(nextDue);
    }

    /**
     * Whether this task may stop its sweeps: no timer due within the look-ahead, no sweep held back, no
     * end waiting for its commit, nothing cached that must be let go when idle. Kafka Streams commits
     * every task that punctuated, input or not, so sweeps every millisecond made an idle engine commit
     * a transaction every commit interval (100 a second with the default 10 ms).
     */
    private boolean mayIdle() {
        return nextDue == Long.MAX_VALUE && quietUntil != UNKNOWN && offered.isEmpty()
                && !StreamThreadSignals.current().endWaiting()
                && (settings.cacheIdle() == null || (instances.cacheSize() == 0 && live.size() == 0));
    }

    /**
     * Stops the sweeps until an input comes ({@link #process}) or the one wake-up: a look-ahead before the
     * next timer due within {@link #FULL_SWEEP_EVERY}, else when the full sweep is due; never before the
     * last sweep's look-ahead ends ({@link #quietUntil}), when the wake-up's sweep reads the store again.
     */
    private void becomeIdle(long now) {
        sweeps.cancel();
        checks.cancel();
        sweeps = null;
        checks = null;
        long sinceFullSweep = System.nanoTime() - lastFullSweep;
        long fullSweepAt = now + Math.max(0, FULL_SWEEP_EVERY.toNanos() - sinceFullSweep) / 1_000_000;
        long due = earliestDue(fullSweepAt);
        long wakeAt = due == UNKNOWN ? quietUntil
                : Math.min(fullSweepAt, Math.max(quietUntil, due - LOOK_AHEAD.toMillis()));
        StreamThreadSignals.current().taskIdle(context.taskId(), Math.max(now + 1, wakeAt));
        idleWake = context.schedule(Duration.ofMillis(Math.max(1, wakeAt - now)), PunctuationType.WALL_CLOCK_TIME,
                woke -> {
                    becomeActive();
                    regularSweep(woke);
                });
    }

    @Override
    public void process(Record<String, byte[]> record) {
        appliedSinceSweep = true;
        if (sweeps == null) {
            becomeActive();
        }
        long began = System.nanoTime();
        try {
            apply(record);
        } finally {
            long now = System.nanoTime();
            StreamThreadSignals.current().applied(now - began, now);
        }
    }

    private void apply(Record<String, byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            route(source, record);
        } catch (KafkaException e) {
            throw e;
        } catch (EngineFailure e) {
            throw new StreamsException("instance " + record.key() + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("internal error while processing {}-{}@{} (key {}); the record is dead-lettered and the"
                    + " partition goes on", source.topic(), source.partition(), source.offset(), record.key(), e);
            deadLetter(source, record, "internal error in the engine: " + e);
        }
    }

    private void route(RecordMetadata source, Record<String, byte[]> record) {
        String instanceId = record.key();
        String badKey = keyProblem(instanceId);
        if (badKey != null) {
            deadLetter(source, record, badKey);
            return;
        }
        if (EntityId.isEntityId(instanceId)) {
            String canonical;
            try {
                canonical = EntityId.parse(instanceId).toString();
            } catch (IllegalArgumentException e) {
                deadLetter(source, record, e.getMessage());
                return;
            }
            if (!canonical.equals(instanceId)) {
                // entity names are case-insensitive: one entity, one key (and so one partition)
                LOG.debug("entity {}: record {}-{}@{} sent on as {}", instanceId, source.topic(), source.partition(),
                        source.offset(), canonical);
                context.forward(new Record<>(canonical, new Outgoing(source.topic(), record.value()),
                        context.currentSystemTimeMs(), record.headers()));
                return;
            }
        }
        int owner = partitionOf(instanceId);
        if (owner >= 0 && owner != source.partition() && record.headers().lastHeader(REROUTED_HEADER) == null) {
            LOG.debug("instance {}: record {}-{}@{} belongs to partition {}; sending it on", instanceId,
                    source.topic(), source.partition(), source.offset(), owner);
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add(REROUTED_HEADER, Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(instanceId, new Outgoing(source.topic(), record.value()),
                    context.currentSystemTimeMs(), headers));
            return;
        }
        Inbound inbound;
        try {
            inbound = read(source, record.value());
        } catch (RuntimeException e) {
            deadLetter(source, record, "cannot read the record: " + JsonSerde.rootMessage(e));
            return;
        }
        if (EntityId.isEntityId(instanceId)) {
            String origin = source.topic() + "-" + source.partition() + "@" + source.offset();
            Optional<String> refused = switch (inbound) {
                case Inbound.CommandReceived received -> stepEntity(instanceId, (entity, now) ->
                        entityStepper.apply(instanceId, entity, received.command(), now, origin));
                default -> Optional.of("'" + instanceId + "' is an entity ID; activity results go to orchestration"
                        + " instances");
            };
            refused.ifPresent(reason -> deadLetter(source, record, reason));
            return;
        }
        Optional<String> refusal = step(instanceId, inbound, record.headers());
        refusal.ifPresent(reason -> {
            deadLetter(source, record, reason);
            tellParentOfRefusedStart(instanceId, inbound, reason);
        });
    }

    /** The partition a key belongs to, as Java's producers (and this engine's sink) choose it; -1: not known. */
    private int partitionOf(String key) {
        int partitions = settings.inputPartitions();
        if (partitions <= 1) {
            return -1;
        }
        return Topics.partitionOf(key, partitions);
    }

    private static String keyProblem(String instanceId) {
        if (instanceId == null || instanceId.isEmpty()) {
            return "the record has no key; the key must be the instance ID";
        }
        if (instanceId.length() > MAX_ID_LENGTH) {
            return "the instance ID is " + instanceId.length() + " characters long; at most " + MAX_ID_LENGTH
                    + " are allowed";
        }
        for (int i = 0; i < instanceId.length(); i++) {
            if (Character.isISOControl(instanceId.charAt(i))) {
                return "the instance ID contains a control character (U+"
                        + String.format("%04X", (int) instanceId.charAt(i)) + "); instance IDs must not";
            }
        }
        return null;
    }

    /**
     * A sub-orchestration whose start is refused (its ID is already running, its input too large) would
     * leave its parent waiting forever: the parent's task fails instead, with the reason.
     */
    private void tellParentOfRefusedStart(String childId, Inbound inbound, String reason) {
        if (inbound instanceof Inbound.CommandReceived(StartOrchestration start, String ignored) && start.parent() != null) {
            ParentInstance parent = start.parent();
            SubOrchestrationCompleted failed = new SubOrchestrationCompleted(WireMessage.CURRENT_VERSION,
                    parent.executionId(), parent.taskId(), childId, null,
                    FailureDetails.of("SubOrchestrationRefused", "the sub-orchestration '" + start.name()
                            + "' could not start as '" + childId + "': " + reason));
            context.forward(new Record<>(parent.instanceId(),
                    new Outgoing(settings.hub().commands(), DtkJson.write(failed)), context.currentSystemTimeMs()));
        }
    }

    private Inbound read(RecordMetadata source, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        if (source.topic().equals(settings.hub().activityResults())) {
            return switch (DtkJson.read(value, ResultRecord.class)) {
                case ActivityResult result -> new Inbound.ResultReceived(result);
                case ActivityResults results -> new Inbound.ResultsReceived(results.results());
            };
        }
        return new Inbound.CommandReceived(DtkJson.read(value, Command.class),
                source.topic() + "-" + source.partition() + "@" + source.offset());
    }

    /** Applies one input to one instance, watched by the observer; returns the reason when the input is refused. */
    private Optional<String> step(String instanceId, Inbound inbound, Headers headers) {
        return step(instanceId, inbound, headers, null);
    }

    /** As above; {@code loaded}, when not null, is the instance as stored, read already ({@link #offer}). */
    private Optional<String> step(String instanceId, Inbound inbound, Headers headers, InstanceStore.Loaded loaded) {
        watched = observer.begin(instanceId, inbound, headers);
        try {
            return step(instanceId, inbound, loaded);
        } finally {
            watched.end();
            watched = StepObserver.Step.NONE;
        }
    }

    private Optional<String> step(String instanceId, Inbound inbound, InstanceStore.Loaded loaded) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        InstanceStore.Loaded before = loaded;
        try {
            if (before == null) {
                before = instances.load(instanceId);
            }
        } catch (UnreadableStateException e) {
            LOG.error("instance {}: {}", instanceId, e.getMessage());
            return Optional.of(e.getMessage());
        }
        InstanceState state = before == null ? null : before.state();
        watched.loaded(state);
        StepResult result;
        try {
            result = stepper.apply(instanceId, state, inbound, now, live);
        } catch (EngineFailure e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("instance {}: internal error while applying {}; the input is dead-lettered", instanceId,
                    inbound.getClass().getSimpleName(), e);
            return Optional.of("internal error in the engine: " + e);
        }
        watched.decided(result);
        if (result.deadLetterReason() != null) {
            LOG.warn("instance {}: refused {}: {}", instanceId, inbound.getClass().getSimpleName(),
                    result.deadLetterReason());
            return Optional.of(result.deadLetterReason());
        }
        if (!result.changed()) {
            LOG.info("instance {}: ignored {}: {}", instanceId, inbound.getClass().getSimpleName(), result.note());
            send(instanceId, result.outbound(), now.toEpochMilli());
            return Optional.empty();
        }
        write(instanceId, before, result, now);
        return Optional.empty();
    }

    /** Applies one input to one entity ({@code apply} runs the stepper on the stored entity); returns the reason when refused. */
    private Optional<String> stepEntity(String entityId,
            java.util.function.BiFunction<EntityState, Instant, EntityStepResult> apply) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        EntityStore.Loaded before;
        try {
            before = entities.load(entityId);
        } catch (UnreadableStateException e) {
            LOG.error("entity {}: {}", entityId, e.getMessage());
            return Optional.of(e.getMessage());
        }
        EntityStepResult result = apply.apply(before == null ? null : before.state(), now);
        if (result.isRefused()) {
            LOG.warn("entity {}: refused: {}", entityId, result.deadLetterReason());
            return Optional.of(result.deadLetterReason());
        }
        if (result.note() != null) {
            LOG.debug("entity {}: {}", entityId, result.note());
        }
        long timestamp = now.toEpochMilli();
        if (result.changed()) {
            entities.save(entityId, before, result);
            for (EntityStepResult.Scheduled scheduled : result.scheduled()) {
                setTimer(TimerKey.of(scheduled.fireAt(), entityId, scheduled.timerId()),
                        TimerValue.of(scheduled.signal(), scheduled.fireAt()).toBytes());
            }
        }
        send(entityId, result.outbound(), timestamp);
        if (result.status() != null) {
            context.forward(new Record<>(entityId, new Outgoing(settings.hub().entities(), DtkJson.write(result.status())),
                    timestamp));
        } else if (result.deleted()) {
            context.forward(new Record<>(entityId, new Outgoing(settings.hub().entities(), null), timestamp));
        }
        return Optional.empty();
    }

    private void write(String instanceId, InstanceStore.Loaded before, StepResult result, Instant now) {
        instances.save(instanceId, before, result);
        for (TimerChange change : result.timerChanges()) {
            switch (change) {
                case TimerChange.Add add -> {
                    setTimer(TimerKey.of(add.fireAt(), instanceId, add.timerId()),
                            TimerValue.of(add.executionId(), add.fireAt()).toBytes());
                }
                case TimerChange.Remove remove -> timers.delete(
                        TimerKey.of(remove.fireAt(), instanceId, remove.timerId()).toBytes());
            }
        }
        long timestamp = now.toEpochMilli();
        if (result.isPurge()) {
            LOG.info("instance {}: {}", instanceId, result.note());
            forward(new Record<>(instanceId, new Outgoing(settings.hub().instanceStatus(), null), timestamp));
        }
        send(instanceId, result.outbound(), timestamp);
        InstanceState old = before == null ? null : before.state();
        if (result.status() != null && visiblyChanged(old, result.status())) {
            forward(new Record<>(instanceId,
                    new Outgoing(settings.hub().instanceStatus(), DtkJson.write(result.status())), timestamp));
            if (result.status().runtimeStatus().isTerminal()) {
                StreamThreadSignals.current().ended();
            }
        }
    }

    private void send(String from, List<Outbound> outbound, long timestamp) {
        for (Outbound record : outbound) {
            switch (record) {
                case Outbound.ScheduleActivity schedule -> forward(new Record<>(from,
                        new Outgoing(settings.hub().tasks(schedule.queue()), DtkJson.write(schedule.task())), timestamp));
                case Outbound.SendCommand command -> forward(new Record<>(command.instanceId(),
                        new Outgoing(settings.hub().commands(), DtkJson.write(command.command())), timestamp));
            }
        }
    }

    /** Sends a record of the step being applied, with the observer's headers (a trace context) on it. */
    private void forward(Record<String, Outgoing> record) {
        Headers headers = watched.outgoing();
        context.forward(headers == null ? record : record.withHeaders(headers));
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

    /**
     * Fires the timers due by now, for at most the sweep budget, and while input flows for no longer than
     * input got ({@link StreamThreadSignals#sweepBudgetNanos}); the rest wait for the next sweep. A timer
     * whose step is refused or fails is put back to be tried again after a backoff.
     */
    private void fireDueTimers(long nowMillis) {
        StreamThreadSignals signals = StreamThreadSignals.current();
        long began = System.nanoTime();
        long max = settings.timerSweepBudget().toNanos();
        try {
            if (sweep(nowMillis, began + signals.sweepBudgetNanos(max, began)) > 0) {
                signals.fired();
            }
        } finally {
            signals.swept(System.nanoTime() - began, max);
        }
    }

    /** Returns how many timers it fired. */
    private int sweep(long nowMillis, long deadline) {
        long upTo = nowMillis;
        long streamTime = context.currentStreamTimeMs();
        // Quiet: the thread polled since the last sweep and this task applied nothing. Kafka Streams applies
        // a record or more of each task's buffered input after every poll and before it punctuates, so a
        // quiet task has nothing buffered. Two sweeps in one punctuation (the millisecond check and the
        // regular one) have no poll between them: the second must not take the buffered input for none.
        long polls = StreamThreadSignals.current().polls();
        boolean quiet = !appliedSinceSweep && polls != pollsAtSweep;
        appliedSinceSweep = false;
        pollsAtSweep = polls;
        boolean heldBack = false;
        if (lag.watches() && streamTime < nowMillis && !(quiet && inputsFetchedToEnd())) {
            // inputs may wait that were produced before these timers were due (an engine that was away
            // has a backlog): fire only what is due by the newest input applied; the rest once the
            // inputs are all read and applied (a sweep with nothing applied since the one before)
            upTo = streamTime;
            heldBack = true;
        }
        int fired = 0;
        boolean more = upTo >= 0;
        Bytes from = sweepFrom;
        if (fullSweepDue()) {
            from = TimerKey.first();
            lastFullSweep = System.nanoTime();
        }
        Bytes bound = TimerKey.upTo(upTo);
        setDuringSweep = null;
        while (more) {
            // a chunk at a time: a sweep with little time must not read thousands of due timers to fire one
            List<Due> due = new ArrayList<>(SWEEP_CHUNK);
            try (KeyValueIterator<Bytes, byte[]> it = timers.range(from, bound)) {
                while (it.hasNext() && due.size() < SWEEP_CHUNK) {
                    var entry = it.next();
                    due.add(new Due(entry.key, entry.value));
                }
                more = it.hasNext();
            }
            try {
                for (int i = 0; i < due.size(); i++) {
                    Due timer = due.get(i);
                    // a timer whose code was handed its step fires in this sweep, at this sweep's time
                    Offered ahead = offered.get(timer.key());
                    boolean handed = ahead != null && ahead.handed();
                    if (!handed && ((fired > 0 && System.nanoTime() > deadline) || fired == MAX_TIMERS_PER_SWEEP)) {
                        more = false;
                        break;
                    }
                    if (offered.isEmpty() && due.size() - i > 1 && System.nanoTime() < deadline) {
                        offer(due.subList(i, i + Math.min(Math.min(OFFER_GROUP, due.size() - i),
                                MAX_TIMERS_PER_SWEEP - fired)));
                    }
                    from = justAfter(timer.key());
                    sweepFrom = from;
                    fire(timer);
                    fired++;
                    if (setDuringSweep != null && setDuringSweep.compareTo(bound) <= 0) {
                        // a step set a timer already due (the clock was set back): the read this sweep works
                        // through may not hold it; the next sweep reads from it
                        sweepFrom = setDuringSweep.compareTo(sweepFrom) < 0 ? setDuringSweep : sweepFrom;
                        nextDue = UNKNOWN;
                        return fired;
                    }
                }
            } finally {
                dropOffers();
            }
        }
        if (heldBack) {
            // held back by a backlog: the regular sweeps look again, not the millisecond check
            nextDue = Long.MAX_VALUE;
            quietUntil = UNKNOWN;
            return fired;
        }
        // one interval ahead first: while timers come due all the time, that short range finds the next
        // (a range over a store's cache, where one is set, copies the keys it covers); only when none is
        // that close, a second ahead, and the regular sweeps skip the store until then
        quietUntil = nowMillis + settings.timerSweepInterval().toMillis();
        nextDue = earliestDue(quietUntil);
        if (nextDue == Long.MAX_VALUE && LOOK_AHEAD.toMillis() > settings.timerSweepInterval().toMillis()) {
            quietUntil = nowMillis + LOOK_AHEAD.toMillis();
            nextDue = earliestDue(quietUntil);
        }
        return fired;
    }

    private boolean fullSweepDue() {
        return System.nanoTime() - lastFullSweep > FULL_SWEEP_EVERY.toNanos();
    }

    /**
     * The due time of this task's earliest timer if it is due by {@code lookAhead} (epoch ms), else
     * {@link Long#MAX_VALUE}: the regular sweep looks again from then ({@link #quietUntil}), and timers
     * set meanwhile lower {@link #nextDue} themselves. The range is bounded on purpose: where the stores are
     * given a cache (statestore.cache.max.bytes), a range over it copies the cached keys it covers, and a
     * task may cache hundreds of thousands of pending timers.
     */
    private long earliestDue(long lookAhead) {
        try (KeyValueIterator<Bytes, byte[]> it = timers.range(sweepFrom, TimerKey.upTo(lookAhead))) {
            return it.hasNext() ? TimerKey.fromBytes(it.next().key).dueMillis() : Long.MAX_VALUE;
        } catch (RuntimeException e) {
            LOG.debug("cannot read the earliest timer: {}", e.toString());
            return UNKNOWN; // the next check sweeps again, and the sweep drops what cannot be read
        }
    }

    /** The smallest key greater than {@code key}. */
    private static Bytes justAfter(Bytes key) {
        return Bytes.wrap(Arrays.copyOf(key.get(), key.get().length + 1));
    }

    /**
     * Stores a timer; one that sorts before where sweeps start moves their start back to it. A timer is
     * stored only when it is due later than its step ran, so that takes a clock set back.
     */
    private void setTimer(TimerKey key, byte[] value) {
        Bytes bytes = key.toBytes();
        timers.put(bytes, value);
        if (bytes.compareTo(sweepFrom) < 0) {
            sweepFrom = bytes;
        }
        if (setDuringSweep == null || bytes.compareTo(setDuringSweep) < 0) {
            setDuringSweep = bytes;
        }
        nextDue = Math.min(nextDue, key.dueMillis());
    }

    private boolean inputsFetchedToEnd() {
        int partition = context.taskId().partition();
        Boolean commands = lag.fetchedToEnd(new TopicPartition(settings.hub().commands(), partition), initNanos);
        Boolean results = lag.fetchedToEnd(new TopicPartition(settings.hub().activityResults(), partition),
                initNanos);
        if (commands == null || results == null) {
            // not known yet (no fetch, or no look at the partition's end since the task began): wait, but not
            // for ever (a broker that cannot be asked)
            return System.nanoTime() - initNanos > UNKNOWN_LAG_PATIENCE.toNanos()
                    && !Boolean.FALSE.equals(commands) && !Boolean.FALSE.equals(results);
        }
        return commands && results;
    }

    /**
     * Hands the code of each of these timers' instances, where it waits in a kept run, the events of its
     * step before the first of them fires: their code then runs on its own threads while this thread
     * loads and writes the others, and each fire finds its code done instead of handing it over and
     * waiting, twice a step (on 2 busy cores, a third of a fire). Only the first timer of an instance is
     * offered: a second one's step follows the first's and reads the state it wrote. The sweep fires
     * every timer it offered, even a few past its budget: a step taken later would come at another time,
     * bring other events than those handed over, and replay.
     */
    private void offer(List<Due> group) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Set<String> seen = new HashSet<>();
        for (Due timer : group) {
            try {
                TimerKey key = TimerKey.fromBytes(timer.key());
                TimerValue value = TimerValue.fromBytes(timer.value(), key.dueMillis());
                if (value.signal() != null || !seen.add(key.instanceId())) {
                    continue;
                }
                InstanceStore.Loaded loaded = instances.load(key.instanceId());
                if (loaded != null) {
                    // kept for the fire either way: nothing steps the instance before it
                    offered.put(timer.key(), new Offered(key.instanceId(), loaded, stepper.offer(key.instanceId(),
                            loaded.state(), new Inbound.TimerDue(value.executionId(), key.timerId(), value.fireAt()),
                            now, live)));
                }
            } catch (RuntimeException e) {
                // the fire reads the timer and its instance again and deals with what cannot be read
                LOG.debug("not offering due timer {} ahead: {}", timer.key(), e.toString());
            }
        }
    }

    /**
     * Starts the code of the instances whose timers are due within {@link #WARM_AHEAD}, where none is kept,
     * replaying their stored histories on their own threads ({@link InstanceStepper#warm}), each once. A
     * quiet instance's code was let go (the caches' idle bound), and its fire would replay it while this
     * thread waits: in a burst of such fires (after a commit or a collector's pause held them), each took
     * about a millisecond, and the timers behind them waited. Warmed, a fire finds its code waiting, and a
     * burst's code is handed its steps ahead ({@link #offer}). Only while no timer is due: it never delays
     * a fire. Reads what the fire would read anyway (the instance stays parsed for it).
     */
    private void warmAhead(long nowMillis) {
        Bytes from = warmedTo.compareTo(sweepFrom) > 0 ? warmedTo : sweepFrom;
        List<Due> soon = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = timers.range(from, TimerKey.upTo(nowMillis + WARM_AHEAD.toMillis()))) {
            while (it.hasNext() && soon.size() < MAX_WARM_PER_SWEEP) {
                var entry = it.next();
                soon.add(new Due(entry.key, entry.value));
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read the timers due soon: {}", e.toString());
            return;
        }
        for (Due timer : soon) {
            warmedTo = justAfter(timer.key());
            try {
                TimerKey key = TimerKey.fromBytes(timer.key());
                if (TimerValue.fromBytes(timer.value(), key.dueMillis()).signal() == null
                        && live.peek(key.instanceId()) == null) {
                    InstanceStore.Loaded loaded = instances.load(key.instanceId());
                    if (loaded != null) {
                        stepper.warm(key.instanceId(), loaded.state(), live);
                    }
                }
            } catch (RuntimeException e) {
                // the fire reads the timer and its instance again and deals with what cannot be read
                LOG.debug("not warming the code of due timer {}: {}", timer.key(), e.toString());
            }
        }
    }

    /**
     * Forgets what was read ahead and lets the runs go that were offered a step the sweep did not take (a
     * step threw, or set a timer the sweep must read again): their code went on past the stored history.
     */
    private void dropOffers() {
        for (Offered left : offered.values()) {
            var run = left.handed() ? live.peek(left.instanceId()) : null;
            if (run != null && run.isOffered()) {
                live.take(left.instanceId()).abandon();
            }
        }
        offered.clear();
    }

    private void fire(Due timer) {
        TimerKey key;
        TimerValue value;
        try {
            key = TimerKey.fromBytes(timer.key());
            value = TimerValue.fromBytes(timer.value(), key.dueMillis());
        } catch (RuntimeException e) {
            LOG.error("dropping an unreadable timer entry {}: {}", timer.key(), e.toString());
            timers.delete(timer.key());
            return;
        }
        timers.delete(timer.key());
        Optional<String> refusal;
        try {
            refusal = value.signal() != null
                    ? stepEntity(key.instanceId(), (entity, now) -> entityStepper.due(key.instanceId(), entity,
                            key.timerId(), value.signal(), now))
                    : stepOffered(timer, key.instanceId(),
                            new Inbound.TimerDue(value.executionId(), key.timerId(), value.fireAt()));
        } catch (KafkaException e) {
            throw e;
        } catch (EngineFailure e) {
            throw new StreamsException("instance " + key.instanceId() + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("instance {}: internal error while firing timer {}", key.instanceId(), key.timerId(), e);
            refusal = Optional.of("internal error in the engine: " + e);
        }
        refusal.ifPresent(reason -> retryLater(key, value, reason));
    }

    private void retryLater(TimerKey key, TimerValue value, String reason) {
        TimerValue again = value.refused();
        long next = context.currentSystemTimeMs() + again.backoff().toMillis();
        setTimer(new TimerKey(next, key.instanceId(), key.timerId()), again.toBytes());
        LOG.warn("instance {}: timer {} (due {}) refused {} time(s), trying again in {}: {}", key.instanceId(),
                key.timerId(), value.fireAt(), again.attempts(), again.backoff(), reason);
    }

    private void deadLetter(RecordMetadata source, Record<String, byte[]> record, String reason) {
        LOG.warn("dead-lettering {}-{}@{} (key {}): {}", source.topic(), source.partition(), source.offset(),
                record.key(), reason);
        observer.deadLettered(source.topic(), reason);
        long now = context.currentSystemTimeMs();
        DeadLetter letter = DeadLetter.of(source.topic(), source.partition(), source.offset(), record.key(),
                record.value(), reason, Instant.ofEpochMilli(now), settings.limits().maxRecordBytes() / 2);
        context.forward(new Record<>(record.key(), new Outgoing(settings.hub().deadLetters(), DtkJson.write(letter)), now));
    }

    @Override
    public void close() {
        if (context != null) {
            StreamThreadSignals.current().taskClosed(context.taskId());
        }
        if (instances != null) {
            instances.clearCache();
        }
        if (live != null) {
            live.clear();
        }
        offered.clear();
    }

    /** Steps a due timer's instance, on the state read ahead for it ({@link #offer}), if it was. */
    private Optional<String> stepOffered(Due timer, String instanceId, Inbound.TimerDue due) {
        Offered ahead = offered.remove(timer.key());
        return step(instanceId, due, null, ahead == null ? null : ahead.loaded());
    }

    /** A due timer's instance read ahead, as stored, and whether its code was handed the timer's step. */
    private record Offered(String instanceId, InstanceStore.Loaded loaded, boolean handed) {
    }

    private record Due(Bytes key, byte[] value) {
    }
}
