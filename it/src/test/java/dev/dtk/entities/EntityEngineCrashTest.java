package dev.dtk.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.client.DtkClient;
import dev.dtk.entity.EntityId;
import dev.dtk.process.DtkProcess;
import dev.dtk.samples.entities.Account;
import dev.dtk.samples.entities.Counter;
import dev.dtk.samples.entities.Transfer;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine, a real {@code dtk engine} process, killed with {@code kill -9} while transfers hold
 * critical sections and signals stream into a counter; restarted, it loses no operation and doubles
 * none: every transfer finishes, the balances are exactly what the transfers that said they moved
 * money add up to, and the counter counts every signal once.
 */
class EntityEngineCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int TRANSFERS = 60;
    private static final int SIGNALS = 300;
    private static final int MARKER = 1_000_000;

    @Test
    void shouldLoseNoOperationAndDoubleNoneWhenTheEngineIsKilledInCriticalSections(@TempDir Path dir)
            throws Exception {
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(4, List.of("default", "sms"));
            String bootstrap = kafka.bootstrapServers();
            Path logs = dir.resolve("logs");
            String[] engineArgs = {"engine", "--bootstrap-servers", bootstrap, "--state-dir",
                dir.resolve("engine-state").toString(), "--query-port", "0"};
            DtkProcess engine = DtkProcess.start(logs, "engine-1", Map.of(), engineArgs)
                    .awaitOutput("to RUNNING", WAIT);
            try (DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(bootstrap))
                    .stateDir(dir.resolve("client")).build()) {
                EntityId alice = EntityId.of(Account.NAME, "alice");
                EntityId bob = EntityId.of(Account.NAME, "bob");
                client.signalEntity(alice, "deposit", 1000).join();
                client.signalEntity(bob, "deposit", 1000).join();
                await().atMost(WAIT).until(() -> client.getEntity(bob).join().isPresent());

                Random random = new Random(11);
                List<Transfer.Request> requests = new ArrayList<>();
                List<CompletableFuture<String>> sent = new ArrayList<>();
                EntityId counter = EntityId.of(Counter.NAME, "crash");
                AtomicInteger done = new AtomicInteger();
                for (int i = 0; i < TRANSFERS; i++) {
                    Transfer.Request request = i % 2 == 0
                            ? new Transfer.Request("alice", "bob", 1 + random.nextInt(200))
                            : new Transfer.Request("bob", "alice", 1 + random.nextInt(200));
                    requests.add(request);
                    sent.add(client.startNew(Transfer.NAME, "crash-transfer-" + i, request));
                }
                sent.forEach(CompletableFuture::join);
                for (int i = 0; i < TRANSFERS; i++) {
                    client.waitForCompletion("crash-transfer-" + i, WAIT).thenRun(done::incrementAndGet);
                }
                for (int i = 0; i < SIGNALS; i++) {
                    sent.add(client.signalEntity(counter, "add", 1).thenApply(ok -> "signal"));
                }
                await().atMost(WAIT).until(() -> done.get() >= 5);

                engine.kill();
                int finishedBeforeCrash = done.get();
                engine = DtkProcess.start(logs, "engine-2", Map.of(), engineArgs).awaitOutput("to RUNNING", WAIT);
                sent.forEach(CompletableFuture::join);

                long aliceExpected = 1000;
                long bobExpected = 1000;
                for (int i = 0; i < TRANSFERS; i++) {
                    InstanceStatus status = client.waitForCompletion("crash-transfer-" + i, WAIT).join();
                    assertThat(status.runtimeStatus()).as(status.toString()).isEqualTo(RuntimeStatus.Completed);
                    if (status.output().asBoolean()) {
                        Transfer.Request moved = requests.get(i);
                        aliceExpected += moved.from().equals("alice") ? -moved.amount() : moved.amount();
                        bobExpected += moved.from().equals("bob") ? -moved.amount() : moved.amount();
                    }
                }
                assertThat(finishedBeforeCrash).as("the crash came in the middle").isLessThan(TRANSFERS);
                assertThat(client.getEntity(alice).join().orElseThrow().state().asLong()).isEqualTo(aliceExpected);
                assertThat(client.getEntity(bob).join().orElseThrow().state().asLong()).isEqualTo(bobExpected);
                assertThat(aliceExpected + bobExpected).isEqualTo(2000);
                // the marker comes after every signal on the counter's partition: once it ran, all before it did
                client.signalEntity(counter, "add", MARKER).join();
                int count = await().atMost(WAIT).until(() -> client.getEntity(counter).join()
                        .map(s -> s.state().asInt()).orElse(0), n -> n >= MARKER);
                assertThat(count - MARKER).as("every signal counted once").isEqualTo(SIGNALS);
                assertThat(client.getEntity(alice).join().orElseThrow().lockedBy()).isNull();
                assertThat(client.getEntity(bob).join().orElseThrow().lockedBy()).isNull();
            } finally {
                engine.close();
            }
        }
    }
}
