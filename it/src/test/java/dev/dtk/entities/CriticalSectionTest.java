package dev.dtk.entities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.entity.EntityId;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.SampleApp;
import dev.dtk.samples.entities.Account;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Critical sections on a real broker: the samples' {@code Transfer} keeps the total of two accounts
 * under 50 concurrent transfers in both directions; two orchestrations locking the same pair in
 * opposite orders both finish; an orchestration terminated while it holds locks releases them.
 */
class CriticalSectionTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static LocalDtk dtk;
    private static DtkClient client;

    @BeforeAll
    static void start() throws Exception {
        DtkApp holder = app -> app.orchestrator("HoldAccounts", ctx -> {
            String[] keys = ctx.getInput(String[].class);
            ctx.lockEntities(EntityId.of(Account.NAME, keys[0]), EntityId.of(Account.NAME, keys[1])).await();
            return ctx.waitForExternalEvent("release", String.class).await();
        });
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4,
                AppCatalog.of(List.of(new SampleApp(), holder), Map.of(), () -> (to, body) -> { }), engine -> { });
        client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers())).stateDir(dir.resolve("client"))
                .build();
    }

    @AfterAll
    static void stop() {
        client.close();
        dtk.close();
    }

    private static long balance(String key) {
        return client.getEntity(EntityId.of(Account.NAME, key)).join().map(s -> s.state().asLong()).orElse(0L);
    }

    private static void deposit(String key, long amount) {
        client.signalEntity(EntityId.of(Account.NAME, key), "deposit", amount).join();
    }

    @Test
    void shouldKeepTheTotalUnderFiftyConcurrentTransfersInBothDirections() {
        deposit("alice", 500);
        deposit("bob", 500);
        await().atMost(WAIT).until(() -> balance("alice") == 500 && balance("bob") == 500);
        Random random = new Random(7);
        List<Transfer.Request> requests = new ArrayList<>();
        List<CompletableFuture<String>> started = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Transfer.Request request = i % 2 == 0 ? new Transfer.Request("alice", "bob", 1 + random.nextInt(80))
                    : new Transfer.Request("bob", "alice", 1 + random.nextInt(80));
            requests.add(request);
            started.add(client.startNew(Transfer.NAME, "transfer-" + i, request));
        }
        started.forEach(CompletableFuture::join);

        long alice = 500;
        long bob = 500;
        for (int i = 0; i < 50; i++) {
            InstanceStatus done = client.waitForCompletion("transfer-" + i, WAIT).join();
            assertThat(done.runtimeStatus()).as(done.toString()).isEqualTo(RuntimeStatus.Completed);
            if (done.output().asBoolean()) {
                Transfer.Request moved = requests.get(i);
                alice += moved.from().equals("alice") ? -moved.amount() : moved.amount();
                bob += moved.from().equals("bob") ? -moved.amount() : moved.amount();
            }
        }
        assertThat(alice + bob).isEqualTo(1000);
        assertThat(balance("alice")).as("every transfer that said it moved the money did, once").isEqualTo(alice);
        assertThat(balance("bob")).isEqualTo(bob);
    }

    @Test
    void shouldFinishTwoOrchestrationsLockingTheSamePairInOppositeOrders() {
        deposit("carol", 100);
        deposit("dave", 100);
        await().atMost(WAIT).until(() -> balance("carol") == 100 && balance("dave") == 100);

        CompletableFuture<String> one = client.startNew(Transfer.NAME, "carol-to-dave",
                new Transfer.Request("carol", "dave", 30));
        CompletableFuture<String> two = client.startNew(Transfer.NAME, "dave-to-carol",
                new Transfer.Request("dave", "carol", 50));
        one.join();
        two.join();

        assertThat(client.waitForCompletion("carol-to-dave", WAIT).join().output().asBoolean()).isTrue();
        assertThat(client.waitForCompletion("dave-to-carol", WAIT).join().output().asBoolean()).isTrue();
        assertThat(balance("carol")).isEqualTo(120);
        assertThat(balance("dave")).isEqualTo(80);
    }

    @Test
    void shouldReleaseTheLocksOfAnOrchestrationTerminatedWhileHoldingThem() {
        deposit("erin", 10);
        client.startNew("HoldAccounts", "holder", new String[] {"erin", "frank"}).join();
        await().atMost(WAIT).until(() -> client.getEntity(EntityId.of(Account.NAME, "erin")).join()
                .map(s -> "holder".equals(s.lockedBy())).orElse(false));
        deposit("erin", 5);
        client.startNew(Transfer.NAME, "waits-for-holder", new Transfer.Request("erin", "frank", 15)).join();
        assertThat(balance("erin")).as("the deposit waits for the lock").isEqualTo(10);

        client.terminate("holder", "taking too long").join();

        assertThat(client.waitForCompletion("holder", WAIT).join().runtimeStatus())
                .isEqualTo(RuntimeStatus.Terminated);
        assertThat(client.waitForCompletion("waits-for-holder", WAIT).join().output().asBoolean()).isTrue();
        await().atMost(WAIT).until(() -> balance("erin") == 0 && balance("frank") == 15);
        assertThat(client.getEntity(EntityId.of(Account.NAME, "erin")).join().orElseThrow().lockedBy()).isNull();
    }
}
