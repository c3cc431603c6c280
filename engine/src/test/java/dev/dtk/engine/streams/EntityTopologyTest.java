package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.CodeGuard;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.engine.core.StepRules;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entities through the engine's topology and its real stores: states published to {@code dtk.entities},
 * requests waiting in a queue stored one per record while an orchestration holds the lock, scheduled
 * signals held in the timer store, a deleted entity leaving nothing behind.
 */
class EntityTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final EntityId COUNTER = EntityId.of("Counter", "c1");

    private static final EntityRegistry ENTITIES = EntityRegistry.builder()
            .register("Counter", op -> {
                switch (op.name()) {
                    case "add" -> op.setState(op.getState(Integer.class, 0) + op.getInput(Integer.class));
                    case "get" -> op.result(op.getState(Integer.class, 0));
                    default -> throw new IllegalArgumentException("unknown operation " + op.name());
                }
            })
            .build();

    private static final OrchestratorRegistry ORCHESTRATORS = OrchestratorRegistry.builder()
            .register("Hold", ctx -> {
                try (EntityLock lock = ctx.lockEntities(COUNTER).await()) {
                    ctx.waitForExternalEvent("release", Void.class).await();
                    return ctx.callEntity(COUNTER, "get", null, Integer.class).await();
                }
            })
            .build();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> entityStates;
    private TestOutputTopic<String, byte[]> statuses;
    private TestOutputTopic<String, byte[]> sent;
    private TestOutputTopic<String, byte[]> deadLetters;
    private final Map<String, EntityStatus> published = new HashMap<>();

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "entity-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        InstanceStepper stepper = new InstanceStepper(ORCHESTRATORS,
                new StepRules(ActivityRouting.single(Topics.DEFAULT_QUEUE), Limits.DEFAULT), CodeGuard.DIRECT);
        driver = new TopologyTestDriver(EngineTopology.build(stepper, new EntityStepper(ENTITIES),
                ShellSettings.defaults(Duration.ofMillis(10), 1)), props, T0);
        commands = driver.createInputTopic(Topics.COMMANDS, new StringSerializer(), new ByteArraySerializer());
        entityStates = output(Topics.ENTITIES);
        statuses = output(Topics.INSTANCE_STATUS);
        sent = output(Topics.COMMANDS);
        deadLetters = output(Topics.DEAD_LETTERS);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void send(String key, Object command) {
        commands.pipeInput(key, DtkJson.write(command));
        deliverSent();
    }

    /**
     * Collects the published entity states. (What the engine sends to dtk.commands, the driver feeds back
     * in by itself, as Kafka would: it is an input topic of the same topology.)
     */
    private void deliverSent() {
        sent.readKeyValuesToList();
        for (KeyValue<String, byte[]> record : entityStates.readKeyValuesToList()) {
            published.put(record.key, record.value == null ? null : DtkJson.read(record.value, EntityStatus.class));
        }
    }

    private static SignalEntity add(int amount) {
        return SignalEntity.of("add", DtkJson.toTree(amount));
    }

    private KeyValueStore<Bytes, byte[]> history() {
        return driver.getKeyValueStore(EngineTopology.HISTORY_STORE);
    }

    private List<String> queueKeys() {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = history().all()) {
            it.forEachRemaining(entry -> {
                if (new String(entry.key.get()).startsWith(COUNTER.toString())) {
                    keys.add(new String(entry.value));
                }
            });
        }
        return keys;
    }

    @Test
    void shouldPublishEachNewStateAndATombstoneWhenTheEntityIsDeleted() {
        send(COUNTER.toString(), add(2));
        send(COUNTER.toString(), add(3));

        assertThat(published.get(COUNTER.toString()).state().asInt()).isEqualTo(5);
        assertThat(published.get(COUNTER.toString()).lastOperationTime()).isEqualTo(T0);

        send(COUNTER.toString(), SignalEntity.of("delete", null));

        assertThat(published).containsEntry(COUNTER.toString(), null);
        assertThat(driver.<String, byte[]>getKeyValueStore(EngineTopology.ENTITIES_STORE).get(COUNTER.toString()))
                .isNull();
    }

    @Test
    void shouldKeepRequestsWaitingOnePerRecordWhileTheLockIsHeldAndRunThemWhenReleased() {
        send(COUNTER.toString(), add(1));
        send("holder", StartOrchestration.of("Hold", null));
        assertThat(published.get(COUNTER.toString()).lockedBy()).isEqualTo("holder");

        send(COUNTER.toString(), add(10));
        send(COUNTER.toString(), add(100));
        assertThat(queueKeys()).hasSize(2).allSatisfy(value -> assertThat(value).contains("signal-entity"));
        assertThat(published.get(COUNTER.toString()).state().asInt()).isEqualTo(1);

        send("holder", RaiseEvent.of("release", null));

        InstanceStatus holder = statuses.readValuesToList().stream().map(v -> DtkJson.read(v, InstanceStatus.class))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(holder.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(holder.output().asInt()).as("the holder read the state before the waiting signals").isEqualTo(1);
        assertThat(published.get(COUNTER.toString()).state().asInt()).isEqualTo(111);
        assertThat(published.get(COUNTER.toString()).lockedBy()).isNull();
        assertThat(queueKeys()).as("the queue's records are gone").isEmpty();
    }

    @Test
    void shouldHoldAScheduledSignalInTheTimerStoreUntilItsTime() {
        send(COUNTER.toString(), new SignalEntity(1, "add", DtkJson.toTree(7), T0.plusSeconds(30)));
        assertThat(published).doesNotContainKey(COUNTER.toString());

        driver.advanceWallClockTime(Duration.ofSeconds(29));
        deliverSent();
        assertThat(published).doesNotContainKey(COUNTER.toString());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        deliverSent();

        assertThat(published.get(COUNTER.toString()).state().asInt()).isEqualTo(7);
        try (KeyValueIterator<Bytes, byte[]> timers = driver.<Bytes, byte[]>getKeyValueStore(
                EngineTopology.TIMERS_STORE).all()) {
            assertThat(timers.hasNext()).isFalse();
        }
    }

    @Test
    void shouldTreatEntityNamesWithoutCaseAsOneEntity() {
        send("@COUNTER@c1", add(2));
        send("@Counter@c1", add(3));

        assertThat(published).containsOnlyKeys(COUNTER.toString());
        assertThat(published.get(COUNTER.toString()).state().asInt()).isEqualTo(5);
    }

    @Test
    void shouldDeadLetterASignalToAnEntityNobodyRegistered() {
        send("@nobody@1", add(1));

        DeadLetter letter = DtkJson.read(deadLetters.readValue(), DeadLetter.class);
        assertThat(letter.reason()).isEqualTo("no entity named 'nobody' is registered; registered entities: [counter]");
    }
}
