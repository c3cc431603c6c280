package dev.dtk.stall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.local.LocalDtk;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.testkit.TestKafka;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines restarting under instances that wait, on a real broker: a rolling deploy where an engine
 * lacks an orchestrator whose timer comes due (the timer is kept and fires once the orchestrator is
 * back), and an instance whose stored state cannot be read (its inputs are dead-lettered with the
 * reason; the partition goes on).
 */
class EngineRestartsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;

    private LocalDtk dtk;
    private DtkClient client;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator("Sleeper", ctx -> {
                    ctx.createTimer(Duration.ofSeconds(2)).await();
                    return "woke";
                })
                .orchestrator("Wait", ctx -> "got " + ctx.waitForExternalEvent("go", String.class).await());
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, PARTITIONS,
                AppCatalog.of(List.of(app), Map.of(), () -> (to, body) -> { }), engine -> { });
        client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers())).stateDir(dir.resolve("client"))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        dtk.close();
    }

    @Test
    void shouldKeepATimerItsEngineCannotRunAndFireItOnceTheOrchestratorIsBack() throws Exception {
        String id = client.startNew("Sleeper", "sleeper-1", null).join();
        await().atMost(WAIT).until(() -> dtk.engine().localTimers(id).size() == 1);
        Instant due = dtk.engine().localTimers(id).getFirst();
        dtk.stopEngine();

        dtk.startEngine(OrchestratorRegistry.builder().register("Wait", ctx -> null).build(), config -> { })
                .awaitRunning(WAIT);
        await().atMost(WAIT).until(() -> !dtk.engine().localTimers(id).isEmpty()
                && dtk.engine().localTimers(id).getFirst().isAfter(due));
        assertThat(client.getStatus(id).join().orElseThrow().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        dtk.stopEngine();

        dtk.startEngine().awaitRunning(WAIT);
        assertThat(client.waitForCompletion(id, WAIT).join().output().asText()).isEqualTo("woke");
    }

    @Test
    void shouldDeadLetterTheInputsOfAnInstanceWhoseStateCannotBeReadAndRunTheOthers() throws Exception {
        String corrupt = client.startNew("Wait", "corrupt-1", null).join();
        String neighbour = IntStream.range(0, 100).mapToObj(i -> "neighbour-" + i)
                .filter(id -> partition(id) == partition(corrupt)).findFirst().orElseThrow();
        client.startNew("Wait", neighbour, null).join();
        await().atMost(WAIT).until(() -> client.getStatus(corrupt).join().map(s -> s.runtimeStatus()
                == RuntimeStatus.Running).orElse(false));
        dtk.stopEngine();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                dtk.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("dtk-engine-instances-changelog", corrupt,
                    "{\"name\": [not json".getBytes(StandardCharsets.UTF_8))).get();
        }

        dtk.startEngine().awaitRunning(WAIT);
        try (TopicReader<DeadLetter> deadLetters = new TopicReader<>(dtk.bootstrapServers(), Topics.DEAD_LETTERS,
                DeadLetter.class)) {
            client.send(corrupt, RaiseEvent.of("go", null)).join();
            client.raiseEvent(neighbour, "go", "on").join();

            DeadLetter letter = await().atMost(WAIT).until(() -> deadLetters.values(l -> corrupt.equals(l.key())),
                    l -> !l.isEmpty()).getFirst();
            assertThat(letter.reason()).startsWith("the stored state of instance 'corrupt-1' cannot be read:");
        }
        assertThat(client.waitForCompletion(neighbour, WAIT).join().output().asText()).isEqualTo("got on");
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }
}
