package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's topology with {@link TopologyTestDriver}: real state stores and a wall clock the
 * test moves by hand, so timer sweeps happen exactly when a test says so.
 */
class EngineTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static final OrchestratorRegistry REGISTRY = OrchestratorRegistry.builder()
            .register("Greet", ctx -> ctx.callActivity("SayHello", ctx.getInput(String.class), String.class).await())
            .register("Chain", ctx -> {
                String first = ctx.callActivity("First", null, String.class).await();
                return ctx.callActivity("Second", first, String.class).await();
            })
            .register("Sleep", ctx -> {
                ctx.createTimer(Duration.ofSeconds(30)).await();
                return ctx.currentUtcDateTime().toString();
            })
            .register("AlreadyDue", ctx -> {
                ctx.createTimer(Duration.ZERO).await();
                ctx.createTimer(Duration.ofSeconds(-5)).await();
                return "done";
            })
            .register("Listener", ctx -> ctx.waitForExternalEvent("ping", String.class).await())
            .register("Parent", ctx -> {
                try {
                    return ctx.callSubOrchestrator("NoSuchChild", "child-1", null, String.class).await();
                } catch (TaskFailedException e) {
                    return "child refused: " + e.getFailureDetails().errorMessage();
                }
            })
            .register("Notify", ctx -> {
                ctx.sendEvent("listener", "ping", ctx.getInput(String.class));
                return "sent";
            })
            .build();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestInputTopic<String, byte[]> results;
    private TestOutputTopic<String, byte[]> tasks;
    private TestOutputTopic<String, byte[]> statuses;
    private TestOutputTopic<String, byte[]> sentCommands;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        startDriver(Duration.ofMillis(10));
    }

    private void startDriver(Duration timerSweepInterval) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        InstanceStepper stepper = new InstanceStepper(REGISTRY, ActivityRouting.single(Topics.DEFAULT_QUEUE));
        driver = new TopologyTestDriver(EngineTopology.build(stepper, timerSweepInterval), props, T0);
        commands = driver.createInputTopic(Topics.COMMANDS, new StringSerializer(), new ByteArraySerializer());
        results = driver.createInputTopic(Topics.ACTIVITY_RESULTS, new StringSerializer(), new ByteArraySerializer());
        tasks = output(Topics.tasks(Topics.DEFAULT_QUEUE));
        statuses = output(Topics.INSTANCE_STATUS);
        sentCommands = output(Topics.COMMANDS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldScheduleTheFirstActivityAndPublishRunningOnStart() {
        start("i1", "Greet", "Tokyo");

        KeyValue<String, byte[]> task = tasks.readKeyValue();
        assertThat(task.key).isEqualTo("i1");
        ActivityTask activity = DtkJson.read(task.value, ActivityTask.class);
        assertThat(activity.instanceId()).isEqualTo("i1");
        assertThat(activity.name()).isEqualTo("SayHello");
        assertThat(activity.taskId()).isZero();
        assertThat(activity.input()).isEqualTo(TextNode.valueOf("Tokyo"));
        assertThat(activity.scheduledAt()).as("time comes from the wall clock").isEqualTo(T0);
        KeyValue<String, byte[]> status = statuses.readKeyValue();
        assertThat(status.key).isEqualTo("i1");
        InstanceStatus running = DtkJson.read(status.value, InstanceStatus.class);
        assertThat(running.runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(running.name()).isEqualTo("Greet");
        assertThat(running.executionId()).isEqualTo(activity.executionId());
        assertNothingElseProduced();
    }

    @Test
    void shouldScheduleTheSameTaskWhenTheSameStartRecordIsReadAgainLater(@TempDir Path otherStateDir) {
        start("i1", "Greet", "Tokyo");
        ActivityTask first = nextTask();

        // an engine that redoes the step after a crash reads the same record (offset 0), an hour later
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, otherStateDir.toString());
        InstanceStepper stepper = new InstanceStepper(REGISTRY, ActivityRouting.single(Topics.DEFAULT_QUEUE));
        try (TopologyTestDriver redo = new TopologyTestDriver(EngineTopology.build(stepper, Duration.ofMillis(10)),
                props, T0.plus(Duration.ofHours(1)))) {
            redo.createInputTopic(Topics.COMMANDS, new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("i1", DtkJson.write(StartOrchestration.of("Greet", TextNode.valueOf("Tokyo"))));
            ActivityTask again = DtkJson.read(redo.createOutputTopic(Topics.tasks(Topics.DEFAULT_QUEUE),
                    new StringDeserializer(), new ByteArrayDeserializer()).readValue(), ActivityTask.class);

            assertThat(again.scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(List.of(again.executionId(), again.taskId()))
                    .isEqualTo(List.of(first.executionId(), first.taskId()));
        }
    }

    @Test
    void shouldCompleteTheInstanceWithTheActivityOutput() {
        start("i1", "Greet", "Tokyo");
        ActivityTask task = nextTask();
        statuses.readValuesToList();

        complete(task, "Hello Tokyo!");

        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output()).isEqualTo(TextNode.valueOf("Hello Tokyo!"));
        assertNothingElseProduced();
    }

    @Test
    void shouldFireTheTimerOnlyOnceTheWallClockReachesItsDueTime() {
        start("s1", "Sleep", null);
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        Instant due = T0.plusSeconds(30);
        assertThat(TimerStoreView.timersOf(timers(), "s1")).containsExactly(due);

        driver.advanceWallClockTime(Duration.ofSeconds(30).minusMillis(1));

        assertThat(statuses.isEmpty()).as("no status before the due time").isTrue();
        assertThat(TimerStoreView.timersOf(timers(), "s1")).containsExactly(due);

        driver.advanceWallClockTime(Duration.ofMillis(1));

        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output()).as("the orchestration resumes at the sweep's time")
                .isEqualTo(TextNode.valueOf(due.toString()));
        assertThat(TimerStoreView.count(timers())).isZero();
        driver.advanceWallClockTime(Duration.ofMinutes(1));
        assertNothingElseProduced();
    }

    @Test
    void shouldFireATimerWhenItIsDueNotAtTheNextSweep() {
        driver.close();
        startDriver(Duration.ofHours(1));
        start("s1", "Sleep", null);
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        Instant due = T0.plusSeconds(30);

        driver.advanceWallClockTime(Duration.ofSeconds(30).minusMillis(1));
        assertThat(statuses.isEmpty()).as("no status before the due time").isTrue();

        // the sweep runs hourly here: the millisecond check knows the due time and fires it
        driver.advanceWallClockTime(Duration.ofMillis(1));
        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output()).isEqualTo(TextNode.valueOf(due.toString()));
        assertThat(TimerStoreView.count(timers())).isZero();
    }

    @Test
    void shouldCompleteATimerThatIsAlreadyDueWithinTheSameRecord() {
        start("d1", "AlreadyDue", null);

        List<InstanceStatus> published = statuses.readValuesToList().stream()
                .map(v -> DtkJson.read(v, InstanceStatus.class)).toList();
        assertThat(published).singleElement().satisfies(s -> {
            assertThat(s.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
            assertThat(s.output()).isEqualTo(TextNode.valueOf("done"));
        });
        assertThat(TimerStoreView.count(timers())).isZero();
        assertNothingElseProduced();
    }

    @Test
    void shouldDeadLetterAMalformedRecordAndGoOnWithTheNext() {
        commands.pipeInput("bad", "{not json".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = nextDeadLetter();
        assertThat(letter.sourceTopic()).isEqualTo(Topics.COMMANDS);
        assertThat(letter.offset()).isZero();
        assertThat(letter.key()).isEqualTo("bad");
        assertThat(letter.value()).isEqualTo("{not json");
        assertThat(letter.reason()).startsWith("cannot read the record: Unexpected character ('n'");
        assertThat(letter.deadLetteredAt()).isEqualTo(T0);

        start("i1", "Greet", "Tokyo");

        assertThat(nextTask().name()).isEqualTo("SayHello");
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertNothingElseProduced();
    }

    @Test
    void shouldDeadLetterARecordWithoutKeyAndGoOnWithTheNext() {
        start("i1", "Greet", "Tokyo");
        ActivityTask task = nextTask();
        statuses.readValuesToList();
        byte[] result = DtkJson.write(ActivityCompleted.of(task, TextNode.valueOf("Hello Tokyo!")));

        results.pipeInput(result);

        DeadLetter letter = nextDeadLetter();
        assertThat(letter.sourceTopic()).isEqualTo(Topics.ACTIVITY_RESULTS);
        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isEqualTo(new String(result, StandardCharsets.UTF_8));
        assertThat(letter.reason()).isEqualTo("the record has no key; the key must be the instance ID");
        assertThat(statuses.isEmpty()).isTrue();

        results.pipeInput("i1", result);

        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertNothingElseProduced();
    }

    @Test
    void shouldIgnoreADuplicateActivityResult() {
        start("c1", "Chain", null);
        ActivityTask first = nextTask();
        statuses.readValuesToList();
        complete(first, "one");
        assertThat(nextTask().name()).isEqualTo("Second");
        byte[] stateBefore = instances().get("c1");

        complete(first, "one again");

        assertThat(instances().get("c1")).isEqualTo(stateBefore);
        assertNothingElseProduced();
    }

    @Test
    void shouldPublishAStatusOnlyWhenSomethingVisibleChanged() {
        start("c1", "Chain", null);
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);

        complete(nextTask(), "one");

        ActivityTask second = nextTask();
        assertThat(second.input()).isEqualTo(TextNode.valueOf("one"));
        assertThat(statuses.isEmpty()).as("a step that only adds to history publishes no status").isTrue();

        complete(second, "two");

        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output()).isEqualTo(TextNode.valueOf("two"));
        assertNothingElseProduced();
    }

    @Test
    void shouldDeliverAnEventSentToAnotherInstanceThroughTheCommandsTopic() {
        start("listener", "Listener", null);
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);

        start("n1", "Notify", "hello");

        KeyValue<String, byte[]> sent = sentCommands.readKeyValue();
        assertThat(sent.key).as("keyed by the receiving instance").isEqualTo("listener");
        assertThat(DtkJson.read(sent.value, Command.class)).isInstanceOfSatisfying(RaiseEvent.class, event -> {
            assertThat(event.name()).isEqualTo("ping");
            assertThat(event.input()).isEqualTo(TextNode.valueOf("hello"));
        });
        // the driver feeds records written to a source topic back into the topology, as Kafka would
        List<KeyValue<String, InstanceStatus>> published = statuses.readKeyValuesToList().stream()
                .map(kv -> KeyValue.pair(kv.key, DtkJson.read(kv.value, InstanceStatus.class))).toList();
        assertThat(published).extracting(kv -> kv.key, kv -> kv.value.runtimeStatus(), kv -> kv.value.output())
                .containsExactly(
                        tuple("n1", RuntimeStatus.Completed, TextNode.valueOf("sent")),
                        tuple("listener", RuntimeStatus.Completed, TextNode.valueOf("hello")));
        assertNothingElseProduced();
    }

    @Test
    void shouldFailTheParentsTaskWhenItsSubOrchestrationIsUnknown() {
        start("parent", "Parent", null);

        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        InstanceStatus child = nextStatus();
        assertThat(child.instanceId()).isEqualTo("child-1");
        assertThat(child.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().asText())
                .startsWith("child refused: no orchestrator named 'NoSuchChild' is registered");
    }

    @Test
    void shouldFailTheParentsTaskWhenItsSubOrchestrationIdIsTaken() {
        start("child-1", "Listener", null);
        nextStatus();
        start("parent", "Parent", null);

        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(nextDeadLetter().reason()).startsWith("instance 'child-1' is already Running");
        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().asText()).startsWith("child refused: the sub-orchestration 'NoSuchChild' could"
                + " not start as 'child-1': instance 'child-1' is already Running");
    }

    // ---- inputs ----

    @Test
    void shouldParseAnInstancesRecordAgainOnceItsBytesAreNotTheOnesItWasCachedFrom() {
        start("i1", "Greet", "Tokyo");
        ActivityTask task = nextTask();
        statuses.readValuesToList();
        // the cached instance was parsed from the record written above; put other bytes in its place
        ObjectNode record = (ObjectNode) DtkJson.read(instances().get("i1"), JsonNode.class);
        instances().put("i1", DtkJson.write(record.put("input", "Lima")));

        complete(task, "Hello Tokyo!");

        InstanceStatus done = nextStatus();
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.input()).as("read from the store, not from the cache").isEqualTo(TextNode.valueOf("Lima"));
    }

    @Test
    void shouldReadAnInstanceAgainWhenAQueryRacesTheStreamThreadAndSeesAShortHistory() {
        start("i1", "Greet", "Tokyo");
        complete(nextTask(), "Hello, Tokyo");
        KeyValueStore<Bytes, byte[]> history = driver.getKeyValueStore(EngineTopology.HISTORY_STORE);
        InstanceState whole = InstanceStore.read(instances(), history, "i1");
        assertThat(whole.history()).hasSizeGreaterThan(2);

        // the first range misses the newest event, as one that races a cache flush can
        ShortFirstRanges racing = new ShortFirstRanges(history, 1);
        assertThat(InstanceStore.read(instances(), racing, "i1").history()).isEqualTo(whole.history());
        assertThat(racing.ranges).isEqualTo(2);

        // a history that stays short is unreadable, after a few tries
        ShortFirstRanges broken = new ShortFirstRanges(history, Integer.MAX_VALUE);
        assertThatThrownBy(() -> InstanceStore.read(instances(), broken, "i1"))
                .isInstanceOf(UnreadableStateException.class).hasMessageContaining("i1");
        assertThat(broken.ranges).isEqualTo(InstanceStore.READ_ATTEMPTS);
    }

    /** A history store whose first {@code shortRanges} ranges leave out their last entry. */
    private static final class ShortFirstRanges implements ReadOnlyKeyValueStore<Bytes, byte[]> {
        private final ReadOnlyKeyValueStore<Bytes, byte[]> store;
        private final int shortRanges;
        int ranges;

        ShortFirstRanges(ReadOnlyKeyValueStore<Bytes, byte[]> store, int shortRanges) {
            this.store = store;
            this.shortRanges = shortRanges;
        }

        @Override
        public byte[] get(Bytes key) {
            return store.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
            try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
                it.forEachRemaining(entries::add);
            }
            if (ranges++ < shortRanges && !entries.isEmpty()) {
                entries.remove(entries.size() - 1);
            }
            Iterator<KeyValue<Bytes, byte[]>> it = entries.iterator();
            return new KeyValueIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<Bytes, byte[]> next() {
                    return it.next();
                }

                @Override
                public Bytes peekNextKey() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return store.all();
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    private void start(String instanceId, String name, Object input) {
        commands.pipeInput(instanceId, DtkJson.write(StartOrchestration.of(name, DtkJson.toTree(input))));
    }

    private void complete(ActivityTask task, Object output) {
        results.pipeInput(task.instanceId(), DtkJson.write(ActivityCompleted.of(task, DtkJson.toTree(output))));
    }

    // ---- outputs ----

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private ActivityTask nextTask() {
        return DtkJson.read(tasks.readValue(), ActivityTask.class);
    }

    private InstanceStatus nextStatus() {
        return DtkJson.read(statuses.readValue(), InstanceStatus.class);
    }

    private DeadLetter nextDeadLetter() {
        return DtkJson.read(deadLetters.readValue(), DeadLetter.class);
    }

    private void assertNothingElseProduced() {
        assertThat(tasks.readValuesToList()).as("tasks").isEmpty();
        assertThat(statuses.readValuesToList()).as("statuses").isEmpty();
        assertThat(deadLetters.readValuesToList()).as("dead letters").isEmpty();
        assertThat(sentCommands.readValuesToList()).as("commands").isEmpty();
    }

    private KeyValueStore<Bytes, byte[]> timers() {
        return driver.getKeyValueStore(EngineTopology.TIMERS_STORE);
    }

    private KeyValueStore<String, byte[]> instances() {
        return driver.getKeyValueStore(EngineTopology.INSTANCES_STORE);
    }
}
