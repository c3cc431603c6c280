package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.engine.core.StepRules;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's defences on a test driver: nothing an input holds, or orchestrator code does, stops the partition. */
class PoisonProofTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final int PARTITIONS = 4;
    private static final OrchestratorRegistry REGISTRY = OrchestratorRegistry.builder()
            .register("Wait", ctx -> ctx.waitForExternalEvent("go", String.class).await())
            .register("Spin", ctx -> {
                long n = 0;
                while (n >= 0) {
                    n++;
                }
                return n;
            })
            .build();

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private ThreadedCodeGuard guard;
    private TestInputTopic<String, byte[]> commands;
    private TestOutputTopic<String, byte[]> statuses;
    private TestOutputTopic<String, byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> sentCommands;

    @BeforeEach
    void startDriver() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "poison-proof-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        guard = new ThreadedCodeGuard(Duration.ofMillis(300));
        InstanceStepper stepper = new InstanceStepper(REGISTRY,
                new StepRules(ActivityRouting.single(Topics.DEFAULT_QUEUE), Limits.DEFAULT), guard);
        driver = new TopologyTestDriver(EngineTopology.build(stepper, new EntityStepper(EntityRegistry.empty()),
                ShellSettings.defaults(Duration.ofMillis(10), PARTITIONS)), props, T0);
        commands = driver.createInputTopic(Topics.COMMANDS, new StringSerializer(), new ByteArraySerializer());
        statuses = output(Topics.INSTANCE_STATUS);
        deadLetters = output(Topics.DEAD_LETTERS);
        sentCommands = output(Topics.COMMANDS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
        guard.close();
    }

    @Test
    void shouldDeadLetterInputsOfAnInstanceWhoseStoredStateCannotBeReadAndGoOn() {
        String bad = keyOnPartitionZero("bad");
        driver.<String, byte[]>getKeyValueStore(EngineTopology.INSTANCES_STORE)
                .put(bad, "{\"name\": [not json".getBytes(StandardCharsets.UTF_8));

        commands.pipeInput(bad, DtkJson.write(RaiseEvent.of("go", null)));
        start(keyOnPartitionZero("good"), "Wait");

        DeadLetter letter = DtkJson.read(deadLetters.readValue(), DeadLetter.class);
        assertThat(letter.key()).isEqualTo(bad);
        assertThat(letter.reason()).startsWith("the stored state of instance '" + bad + "' cannot be read:");
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
    }

    @Test
    void shouldSendARecordOnToThePartitionItsKeyBelongsTo() {
        String key = IntStream.range(0, 100).mapToObj(i -> "moved-" + i)
                .filter(k -> partitionOf(k) != 0).findFirst().orElseThrow();

        start(key, "Wait");

        // the test driver feeds what goes to an input topic straight back in: the record came round once
        TestRecord<String, byte[]> sentOn = sentCommands.readRecord();
        assertThat(sentOn.key()).isEqualTo(key);
        assertThat(new String(sentOn.headers().lastHeader(InstanceProcessor.REROUTED_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("0");
        assertThat(sentCommands.isEmpty()).as("a record marked as sent on is not sent on again").isTrue();
        InstanceStatus status = nextStatus();
        assertThat(status.instanceId()).isEqualTo(key);
        assertThat(status.runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(statuses.isEmpty()).isTrue();
    }

    @Test
    void shouldFailCodeThatNeverReturnsAndGoOnWithTheNextInstance() {
        start(keyOnPartitionZero("spin"), "Spin");
        start(keyOnPartitionZero("next"), "Wait");

        InstanceStatus spun = nextStatus();
        assertThat(spun.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(spun.failureDetails().errorType()).isEqualTo("OrchestratorStepTimeout");
        assertThat(spun.failureDetails().errorMessage()).startsWith("the orchestrator code ran longer than PT0.3S in"
                + " one step and was abandoned");
        assertThat(nextStatus().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(guard.abandoned()).isEqualTo(1);
    }

    @Test
    void shouldCutAHugeRecordToFitInItsDeadLetter() {
        byte[] huge = new byte[900 * 1024];
        Arrays.fill(huge, (byte) '{');

        commands.pipeInput(keyOnPartitionZero("huge"), huge);

        byte[] written = deadLetters.readValue();
        DeadLetter letter = DtkJson.read(written, DeadLetter.class);
        assertThat(letter.valueBytes()).isEqualTo(huge.length);
        assertThat(written.length).isLessThan(Limits.DEFAULT_RECORD_BYTES);
        assertThat(letter.reason()).startsWith("cannot read the record:");
    }

    @Test
    void shouldRefuseKeysThatAreNotInstanceIds() {
        commands.pipeInput("x".repeat(300), DtkJson.write(StartOrchestration.of("Wait", null)));
        commands.pipeInput("a\u0000b", DtkJson.write(StartOrchestration.of("Wait", null)));

        assertThat(deadLetters.readValuesToList()).extracting(v -> DtkJson.read(v, DeadLetter.class).reason())
                .containsExactly("the instance ID is 300 characters long; at most 256 are allowed",
                        "the instance ID contains a control character (U+0000); instance IDs must not");
    }

    private void start(String instanceId, String name) {
        commands.pipeInput(instanceId, DtkJson.write(StartOrchestration.of(name, null)));
    }

    private InstanceStatus nextStatus() {
        return DtkJson.read(statuses.readValue(), InstanceStatus.class);
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** A key the test driver's only partition (0) owns. */
    private static String keyOnPartitionZero(String base) {
        return IntStream.range(0, 1000).mapToObj(i -> base + "-" + i).filter(k -> partitionOf(k) == 0)
                .findFirst().orElseThrow();
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
