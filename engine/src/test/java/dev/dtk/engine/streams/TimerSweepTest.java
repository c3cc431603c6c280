package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.Inbound;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.Task;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The processor's timer sweeps driven by hand, with a clock the test sets (Kafka Streams' test driver
 * cannot set its clock back): sweeps read on from the last timer fired and skip the store while nothing
 * is due, and neither may lose a timer. A timer due past the newest input applied waits while the stream
 * thread's consumer has input left to read, or may have some buffered. A task with nothing to do stops
 * its sweeps until input comes or its next timer nears.
 */
class TimerSweepTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration SWEEP = Duration.ofMillis(10);
    private static final TopicPartition COMMANDS = new TopicPartition(Topics.COMMANDS, 0);
    private static final TopicPartition RESULTS = new TopicPartition(Topics.ACTIVITY_RESULTS, 0);

    /** How often code began to run: from the start, or again as a replay. */
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** How often code woke from its timer. */
    private static final AtomicInteger WOKE = new AtomicInteger();
    private static final OrchestratorRegistry REGISTRY = OrchestratorRegistry.builder()
            .register("Sleep", ctx -> {
                RUNS.incrementAndGet();
                ctx.createTimer(Duration.ofSeconds(30)).await();
                WOKE.incrementAndGet();
                return "woke";
            })
            .register("TwoNaps", ctx -> {
                RUNS.incrementAndGet();
                Task<Void> first = ctx.createTimer(Duration.ofSeconds(30));
                Task<Void> second = ctx.createTimer(Duration.ofSeconds(30));
                first.await();
                second.await();
                return "woke twice";
            })
            .build();

    private MockProcessorContext<String, Outgoing> context;
    private InstanceProcessor processor;
    private long offset;

    @BeforeEach
    void init() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "timer-sweep-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        context = new MockProcessorContext<>(config, new TaskId(0, 0), null);
        for (String name : List.of(EngineTopology.INSTANCES_STORE, EngineTopology.ENTITIES_STORE,
                EngineTopology.TRACES_STORE)) {
            add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        for (String name : List.of(EngineTopology.HISTORY_STORE, EngineTopology.TIMERS_STORE)) {
            add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                    .withLoggingDisabled().build());
        }
        context.setCurrentSystemTimeMs(T0.toEpochMilli());
        context.setCurrentStreamTimeMs(T0.toEpochMilli());
    }

    /** Starts the processor; with {@link InputLag#NONE} every input counts as applied as soon as it exists. */
    private void startProcessor(InputLag lag) {
        startProcessor(lag, StepObserver.NONE);
    }

    private void startProcessor(InputLag lag, StepObserver observer) {
        startProcessor(lag, observer, ShellSettings.defaults(SWEEP, 1));
    }

    /**
     * The defaults with no idle bound on the caches: on a loaded machine a test's own steps may take longer
     * than the default second, and code let go replays.
     */
    private static ShellSettings keepingCode() {
        ShellSettings defaults = ShellSettings.defaults(SWEEP, 1);
        return new ShellSettings(defaults.hub(), SWEEP, defaults.timerSweepBudget(), 1, defaults.limits(),
                defaults.cacheEntries(), defaults.cacheBytes(), null);
    }

    private void startProcessor(InputLag lag, StepObserver observer, ShellSettings settings) {
        processor = new InstanceProcessor(new InstanceStepper(REGISTRY, ActivityRouting.single(Topics.DEFAULT_QUEUE)),
                new EntityStepper(EntityRegistry.empty()), settings, observer, lag);
        processor.init(context);
    }

    private void add(KeyValueStore<?, ?> store) {
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @Test
    void shouldFireATimerSetBehindWhereSweepsReadOnAfterTheClockWasSetBack() {
        startProcessor(InputLag.NONE);
        start("s1");
        at(T0.plusSeconds(30));
        assertThat(ended()).containsExactly("s1");

        // the host's clock is set back 40 s: the next timer is due before the one just fired, behind the
        // key the sweeps read on from, and must not wait for the occasional read from the store's start
        at(T0.minusSeconds(10));
        start("s0");
        at(T0.plusSeconds(20));

        assertThat(ended()).containsExactly("s0");
    }

    @Test
    void shouldFireATimerDueLongAfterTheLastSweepLookedAhead() {
        startProcessor(InputLag.NONE);
        start("s1");
        // sweeps every 10 ms find nothing due within their look-ahead and skip the store after that;
        // the timer, set before, must still fire once due
        for (Instant now = T0; now.isBefore(T0.plusSeconds(30)); now = now.plus(SWEEP)) {
            at(now);
        }
        assertThat(ended()).isEmpty();

        at(T0.plusSeconds(30));

        assertThat(ended()).containsExactly("s1");
    }

    @Test
    void shouldStopItsSweepsWhileIdleAndWakeALookAheadBeforeTheNextTimerOrForInput() {
        startProcessor(InputLag.NONE);
        start("s1");
        assertThat(running()).as("the regular sweep and the millisecond check").hasSize(2);

        // once the caches let the instance go (their idle bound, 1 s of the real clock), nothing is due
        // within the look-ahead and nothing waits: the sweeps stop, as each would make Kafka Streams commit
        Instant idle = T0.plusMillis(10);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            at(idle);
            return running().size() == 1;
        });
        assertThat(running().getFirst().getInterval()).as("one wake-up, a look-ahead before the timer is due")
                .isEqualTo(Duration.between(idle, T0.plusSeconds(29)));

        at(T0.plusSeconds(29));
        assertThat(running()).as("awake: the timer is due within the look-ahead").hasSize(2);
        at(T0.plusSeconds(30));
        assertThat(ended()).containsExactly("s1");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            at(T0.plusSeconds(30));
            return running().size() == 1;
        });
        start("s2");
        assertThat(running()).as("input wakes the task at once").hasSize(2);
    }

    @Test
    void shouldWakeAnIdleTaskNoSoonerThanItsLastLookAheadEnds() {
        startProcessor(InputLag.NONE);
        start("s1");
        // the last sweep looked a second ahead, to 29.5 s, and found nothing: the timer due at 30 s is read
        // again once that look-ahead ends, not half a second before it by the timer's own look-ahead
        Instant idle = T0.plusMillis(28_500);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            at(idle);
            return running().size() == 1;
        });
        assertThat(running().getFirst().getInterval()).isEqualTo(Duration.ofSeconds(1));

        at(T0.plusMillis(29_500));
        assertThat(running()).as("awake: the timer is due within the look-ahead").hasSize(2);
        at(T0.plusSeconds(30));
        assertThat(ended()).containsExactly("s1");
    }

    @Test
    void shouldWarmAQuietInstancesCodeUpShortlyBeforeItsTimerIsDueAndFireItThere() {
        // room for one instance's code: the second start lets the first's go, as the idle bound would
        ShellSettings defaults = ShellSettings.defaults(SWEEP, 1);
        startProcessor(InputLag.NONE, StepObserver.NONE, new ShellSettings(defaults.hub(), SWEEP,
                defaults.timerSweepBudget(), 1, defaults.limits(), 1, defaults.cacheBytes(), null));
        start("quiet");
        at(T0.plusSeconds(10));
        start("later");
        RUNS.set(0);
        WOKE.set(0);

        at(T0.plusSeconds(29));
        assertThat(RUNS.get()).as("a second before its timer: not yet").isZero();
        at(T0.plusMillis(29_800));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> RUNS.get() == 1);
        at(T0.plusSeconds(30));

        assertThat(ended()).containsExactly("quiet");
        assertThat(WOKE.get()).isEqualTo(1);
        assertThat(RUNS.get()).as("the fire went on in the code warmed up, without running it again").isEqualTo(1);
    }

    @Test
    void shouldHoldADueTimerBackWhileTheThreadsConsumerHasInputLeftToRead() {
        MockConsumer<byte[], byte[]> consumer = consumerAt(Map.of(COMMANDS, 10L, RESULTS, 0L));
        StreamThreadSignals.current().polled(consumer);
        startProcessor(InputLag.ofMainConsumers(OpenTransactions.NONE));
        start("s1");
        // the task came back to this thread (a rebalance, a restart): its consumer reads on from the
        // committed offset, with six inputs to go that may have been produced before the timer was due
        consumer.seek(COMMANDS, 4);

        for (Instant now = T0.plusSeconds(30); now.isBefore(T0.plusSeconds(31)); now = now.plus(SWEEP)) {
            StreamThreadSignals.current().polled(consumer);
            at(now);
        }
        assertThat(ended()).as("due, but inputs wait that may have been sent before it was").isEmpty();

        consumer.seek(COMMANDS, 10);
        StreamThreadSignals.current().polled(consumer);
        at(T0.plusSeconds(31));

        assertThat(ended()).containsExactly("s1");
    }

    @Test
    void shouldNotTakeASweepWithoutAPollSinceTheLastOneForAQuietTask() {
        MockConsumer<byte[], byte[]> consumer = consumerAt(Map.of(COMMANDS, 1L, RESULTS, 0L));
        StreamThreadSignals.current().polled(consumer);
        startProcessor(InputLag.ofMainConsumers(OpenTransactions.NONE));
        StreamThreadSignals.current().polled(consumer);
        start("s1");

        // the first sweep follows an input applied: the task may have more buffered, the timer waits
        at(T0.plusSeconds(31));
        // the next runs before the thread polled again, so Kafka Streams had no pass over the buffered
        // input in between: nothing applied since says nothing about what waits
        at(T0.plusSeconds(31).plusMillis(1));
        assertThat(ended()).isEmpty();

        StreamThreadSignals.current().polled(consumer);
        at(T0.plusSeconds(31).plusMillis(2));

        assertThat(ended()).containsExactly("s1");
    }

    @Test
    void shouldHoldADueTimerBackWhileAnOpenTransactionHidesInputBehindTheEndTheConsumerSees() {
        MockConsumer<byte[], byte[]> consumer = consumerAt(Map.of(COMMANDS, 10L, RESULTS, 0L));
        OpenTransactions transactions = OpenTransactions.watched();
        StreamThreadSignals.current().polled(consumer);
        startProcessor(InputLag.ofMainConsumers(transactions));
        start("s1");
        // a killed engine's transaction began at offset 10: the answer written after it is not visible
        long looked = System.nanoTime();
        transactions.observed(COMMANDS, looked, 10, 12);
        transactions.observed(COMMANDS, looked + OpenTransactions.LOOK_EVERY.toNanos(), 10, 12);
        transactions.observed(RESULTS, looked, 0, 0);

        for (Instant now = T0.plusSeconds(30); now.isBefore(T0.plusSeconds(31)); now = now.plus(SWEEP)) {
            StreamThreadSignals.current().polled(consumer);
            at(now);
        }
        assertThat(ended()).as("read to the end the consumer sees, but input hides behind it").isEmpty();

        // the transaction is aborted: the stable offset moves past its records and the answer's
        transactions.observed(COMMANDS, looked + 2 * OpenTransactions.LOOK_EVERY.toNanos(), 13, 13);
        StreamThreadSignals.current().polled(consumer);
        at(T0.plusSeconds(31));

        assertThat(ended()).containsExactly("s1");
    }

    @Test
    void shouldHandABacklogsWaitingCodeItsStepsAheadAndGoOnInItWithoutRunningItAgain() {
        AtomicInteger timerSteps = new AtomicInteger();
        startProcessor(InputLag.NONE, (instanceId, inbound, headers) -> {
            if (inbound instanceof Inbound.TimerDue && timerSteps.getAndIncrement() == 0) {
                // the first fire of the sweep (napper's: timers sort by due time, then instance ID) waits until
                // the sleepers of the first group of eight woke (six, after napper's two timers): only code
                // handed its step before this step began can wake yet
                Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .atMost(Duration.ofSeconds(10)).until(() -> WOKE.get() >= 6);
            }
            return StepObserver.Step.NONE;
        }, keepingCode());
        List<String> sleepers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sleepers.add("sleeper-" + i);
            start(sleepers.getLast());
        }
        start("napper", "TwoNaps");
        ended();
        RUNS.set(0);
        WOKE.set(0);
        // the starts were applied long ago: input does not flow, and the sweep gets its whole budget
        StreamThreadSignals.current().applied(0, System.nanoTime() - StreamThreadSignals.INPUT_FLOWS_NANOS - 1);

        // a sweep fires the 22 timers (the next ones what its budget left, in a JVM still loading classes):
        // each instance's code is handed its step ahead, eight at a time, and each step goes on in that code;
        // the instance with two timers due goes on twice
        List<String> ended = new ArrayList<>();
        for (int millis = 0; millis < 100 && ended.size() < 21; millis++) {
            StreamThreadSignals.current().applied(0, System.nanoTime() - StreamThreadSignals.INPUT_FLOWS_NANOS - 1);
            at(T0.plusSeconds(30).plusMillis(millis));
            ended.addAll(ended());
        }

        List<String> expected = new ArrayList<>(sleepers);
        expected.add("napper");
        assertThat(ended).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(RUNS.get()).as("no code started again: every step went on where its code waited").isZero();
        assertThat(WOKE.get()).isEqualTo(20);
    }

    @Test
    void shouldFireOneTimerASweepAndHandNothingAheadWhileInputFlows() {
        startProcessor(InputLag.NONE, StepObserver.NONE, keepingCode());
        for (int i = 0; i < 5; i++) {
            start("sleeper-" + i);
        }
        ended();
        RUNS.set(0);

        // input was just applied, and sweeps took all the time it got: each sweep (the regular one and the
        // millisecond check) gets no budget beyond its one timer, and hands no code its step ahead
        List<String> all = new ArrayList<>();
        for (int millis = 0; millis < 5 && all.size() < 5; millis++) {
            context.setCurrentSystemTimeMs(T0.plusSeconds(30).plusMillis(millis).toEpochMilli());
            for (var punctuator : context.scheduledPunctuators()) {
                if (punctuator.cancelled()) {
                    continue;
                }
                inputFlowsWithNoTimeLeftForSweeps();
                punctuator.getPunctuator().punctuate(context.currentSystemTimeMs());
                List<String> fired = ended();
                assertThat(fired).as("ended in one sweep").hasSizeLessThanOrEqualTo(1);
                all.addAll(fired);
            }
        }

        assertThat(all).hasSize(5);
        assertThat(RUNS.get()).as("no code started again").isZero();
    }

    private static void inputFlowsWithNoTimeLeftForSweeps() {
        StreamThreadSignals signals = StreamThreadSignals.current();
        signals.applied(0, System.nanoTime());
        signals.swept(2 * StreamThreadSignals.INPUT_FLOWS_NANOS, StreamThreadSignals.INPUT_FLOWS_NANOS);
    }

    /** A consumer of the task's inputs, positioned at their ends ({@code ends}). */
    private static MockConsumer<byte[], byte[]> consumerAt(Map<TopicPartition, Long> ends) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(ends.keySet());
        consumer.updateEndOffsets(ends);
        ends.forEach(consumer::seek);
        return consumer;
    }

    private void start(String instanceId) {
        start(instanceId, "Sleep");
    }

    private void start(String instanceId, String orchestrator) {
        context.setRecordMetadata(Topics.COMMANDS, 0, offset++);
        context.setCurrentStreamTimeMs(Math.max(context.currentStreamTimeMs(), context.currentSystemTimeMs()));
        processor.process(new Record<>(instanceId, DtkJson.write(StartOrchestration.of(orchestrator, null)),
                context.currentSystemTimeMs()));
    }

    /** Sets the clock and runs the punctuations due as Kafka Streams would: the regular sweep, then the check. */
    private void at(Instant now) {
        context.setCurrentSystemTimeMs(now.toEpochMilli());
        for (var punctuator : context.scheduledPunctuators()) {
            if (punctuator.getType() == PunctuationType.WALL_CLOCK_TIME && !punctuator.cancelled()) {
                punctuator.getPunctuator().punctuate(now.toEpochMilli());
            }
        }
    }

    /** The processor's punctuations not cancelled. */
    private List<MockProcessorContext.CapturedPunctuator> running() {
        return context.scheduledPunctuators().stream().filter(p -> !p.cancelled()).toList();
    }

    /** The instances that ended since the last call, from the statuses the processor sent. */
    private List<String> ended() {
        List<String> ended = context.forwarded().stream()
                .map(forward -> forward.record().value())
                .filter(out -> out.topic().equals(Topics.INSTANCE_STATUS))
                .map(out -> DtkJson.read(out.value(), InstanceStatus.class))
                .filter(status -> status.runtimeStatus() == RuntimeStatus.Completed)
                .map(InstanceStatus::instanceId)
                .toList();
        context.resetForwards();
        return ended;
    }
}
