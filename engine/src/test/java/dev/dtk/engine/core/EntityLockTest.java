package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.LockEntities;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.UnlockEntity;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Critical sections, pure: lock order, what a section allows, waiting requests, release in every ending. */
class EntityLockTest {

    private static final EntityId ALICE = EntityId.of("Account", "alice");
    private static final EntityId BOB = EntityId.of("Account", "bob");

    record Move(String from, String to, long amount) {
    }

    static Harness harness() {
        return Harness.of(OrchestratorRegistry.builder()
                .register("Transfer", ctx -> {
                    Move move = ctx.getInput(Move.class);
                    EntityId from = EntityId.of("Account", move.from());
                    EntityId to = EntityId.of("Account", move.to());
                    try (EntityLock lock = ctx.lockEntities(from, to).await()) {
                        long balance = ctx.callEntity(from, "balance", null, Long.class).await();
                        if (balance < move.amount()) {
                            return false;
                        }
                        ctx.callEntity(from, "withdraw", move.amount(), Void.class).await();
                        ctx.callEntity(to, "deposit", move.amount(), Void.class).await();
                        return true;
                    }
                })
                .register("HoldAndWait", ctx -> {
                    ctx.lockEntities(ALICE, BOB).await();
                    return ctx.waitForExternalEvent("go", String.class).await();
                })
                .register("Failer", ctx -> {
                    ctx.lockEntities(ALICE).await();
                    throw new IllegalStateException("failing inside the section");
                })
                .register("Reader", ctx -> ctx.callEntity(EntityId.parse(ctx.getInput(String.class)), "balance", null,
                        Long.class).await())
                .register("Rules", ctx -> {
                    String rule = ctx.getInput(String.class);
                    try (EntityLock lock = ctx.lockEntities(List.of(BOB, ALICE)).await()) {
                        assertThat(lock.entities()).containsExactly(ALICE, BOB);
                        assertThat(ctx.isInCriticalSection()).isTrue();
                        switch (rule) {
                            case "nest" -> ctx.lockEntities(EntityId.of("Account", "carol"));
                            case "signal" -> ctx.signalEntity(ALICE, "deposit", 1);
                            case "call-other" -> ctx.callEntity(EntityId.of("Account", "carol"), "balance");
                            case "sub" -> ctx.callSubOrchestrator("Transfer", null, Object.class);
                            default -> {
                                return "no rule " + rule;
                            }
                        }
                        return "allowed";
                    } catch (IllegalStateException e) {
                        return e.getMessage();
                    }
                })
                .build(), EntityTest.entities());
    }

    private static void deposit(Harness h, EntityId account, long amount) {
        h.entity(account.toString(), SignalEntity.of("deposit", DtkJson.toTree(amount)));
    }

    private static long balance(Harness h, EntityId account) {
        return h.entityState(account.toString()).state().asLong();
    }

    @Test
    void shouldTakeLocksInOneOrderPassingTheRequestAlongAndAnswerOnceAllAreHeld() {
        Harness h = harness();
        deposit(h, ALICE, 100);

        h.start("t", "Transfer", new Move("bob", "alice", 0));
        ParentInstance caller = new ParentInstance("t", h.state("t").executionId(), 0);
        assertThat(h.sentCommands()).containsExactly(new Outbound.SendCommand("@account@alice",
                new LockEntities(1, List.of("@account@alice", "@account@bob"), 0, caller)));

        h.deliverNext("@account@alice");
        assertThat(h.entityState("@account@alice").lock()).isEqualTo(new EntityState.Lock("t", caller.executionId()));
        assertThat(h.sentCommands()).containsExactly(new Outbound.SendCommand("@account@bob",
                new LockEntities(1, List.of("@account@alice", "@account@bob"), 1, caller)));
        h.deliverNext("@account@bob");
        assertThat(h.sentCommands()).containsExactly(new Outbound.SendCommand("t",
                EntityResponded.locked(caller, "@account@bob", List.of("@account@alice", "@account@bob"))));

        h.deliverCommands();
        assertThat(h.status("t")).as("%s", h.state("t").failureDetails()).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.entityState("@account@alice").lock()).isNull();
        assertThat(h.entityState("@account@bob")).as("locked and released without state: nothing kept").isNull();
    }

    @Test
    void shouldKeepOthersWaitingWhileAnOrchestrationHoldsTheLockAndRunThemInOrderAfter() {
        Harness h = harness();
        deposit(h, ALICE, 10);
        h.start("holder", "HoldAndWait", null);
        h.deliverCommands();
        assertThat(h.entityState(ALICE.toString()).lock().instanceId()).isEqualTo("holder");

        deposit(h, ALICE, 1);
        deposit(h, ALICE, 2);
        h.start("reader", "Reader", ALICE.toString());
        h.deliverCommands();
        assertThat(balance(h, ALICE)).as("signals wait").isEqualTo(10);
        assertThat(h.entityState(ALICE.toString()).queue()).hasSize(3);
        assertThat(h.status("reader")).isEqualTo(RuntimeStatus.Running);

        h.raise("holder", "go", "done");
        h.deliverCommands();

        assertThat(h.status("holder")).isEqualTo(RuntimeStatus.Completed);
        assertThat(balance(h, ALICE)).isEqualTo(13);
        assertThat(h.entityState(ALICE.toString()).queue()).isEmpty();
        assertThat(h.output("reader").asLong()).as("the call ran after the signals before it").isEqualTo(13);
    }

    @Test
    void shouldNeverDeadlockTwoOrchestrationsLockingOverlappingSetsInOppositeOrders() {
        for (int seed = 0; seed < 200; seed++) {
            Harness h = harness();
            deposit(h, ALICE, 100);
            deposit(h, BOB, 100);
            h.start("ab", "Transfer", new Move("alice", "bob", 30));
            h.start("ba", "Transfer", new Move("bob", "alice", 50));

            h.deliverShuffled(new Random(seed));

            assertThat(h.status("ab")).as("seed %d", seed).isEqualTo(RuntimeStatus.Completed);
            assertThat(h.status("ba")).as("seed %d", seed).isEqualTo(RuntimeStatus.Completed);
            assertThat(balance(h, ALICE)).as("seed %d", seed).isEqualTo(120);
            assertThat(balance(h, BOB)).as("seed %d", seed).isEqualTo(80);
            assertThat(h.entityState(ALICE.toString()).lock()).isNull();
            assertThat(h.entityState(BOB.toString()).lock()).isNull();
        }
    }

    @Test
    void shouldKeepTheTotalUnderFiftyConcurrentTransfersInBothDirections() {
        for (int seed = 0; seed < 20; seed++) {
            Harness h = harness();
            deposit(h, ALICE, 500);
            deposit(h, BOB, 500);
            Random random = new Random(seed);
            IntStream.range(0, 50).forEach(i -> h.start("t" + i, "Transfer", i % 2 == 0
                    ? new Move("alice", "bob", 1 + random.nextInt(60)) : new Move("bob", "alice", 1 + random.nextInt(60))));

            h.deliverShuffled(random);

            IntStream.range(0, 50).forEach(i -> assertThat(h.status("t" + i)).isEqualTo(RuntimeStatus.Completed));
            assertThat(balance(h, ALICE) + balance(h, BOB)).as("seed %d", seed).isEqualTo(1000);
            assertThat(balance(h, ALICE)).isNotNegative();
            assertThat(balance(h, BOB)).isNotNegative();
        }
    }

    @Test
    void shouldRefuseWhatACriticalSectionDoesNotAllowWithMessagesThatSayWhy() {
        Harness h = harness();
        for (String rule : List.of("nest", "signal", "call-other", "sub")) {
            h.start("rules-" + rule, "Rules", rule);
        }
        h.deliverCommands();

        assertThat(h.output("rules-nest").asText()).isEqualTo("critical sections do not nest: this orchestration"
                + " already holds a lock on [@account@alice, @account@bob]; close that lock before locking again");
        assertThat(h.output("rules-signal").asText()).isEqualTo("inside a critical section an orchestration may not"
                + " signal an entity it locked ('@account@alice'); call it instead");
        assertThat(h.output("rules-call-other").asText()).isEqualTo("inside a critical section an orchestration may"
                + " call only the entities it locked ([@account@alice, @account@bob]); '@account@carol' is not one of"
                + " them");
        assertThat(h.output("rules-sub").asText()).isEqualTo("callSubOrchestrator is not allowed inside a critical"
                + " section (it holds [@account@alice, @account@bob]); close the lock first");
        assertThat(h.entityState(ALICE.toString())).as("every section released").isNull();
    }

    @Test
    void shouldReleaseTheLocksOfAnOrchestrationTerminatedWhileHoldingThem() {
        Harness h = harness();
        deposit(h, ALICE, 10);
        h.start("holder", "HoldAndWait", null);
        h.deliverCommands();
        deposit(h, ALICE, 5);

        h.terminate("holder", "enough");
        String executionId = h.state("holder").executionId();
        assertThat(h.sentCommands()).containsExactly(
                new Outbound.SendCommand("@account@alice", new UnlockEntity(1, "holder", executionId)),
                new Outbound.SendCommand("@account@bob", new UnlockEntity(1, "holder", executionId)));
        h.deliverCommands();

        assertThat(h.entityState(ALICE.toString()).lock()).isNull();
        assertThat(balance(h, ALICE)).as("the waiting signal ran").isEqualTo(15);
    }

    @Test
    void shouldReleaseEveryEntityWhenTheOrchestrationEndedBeforeItsLockWasGranted() {
        Harness h = harness();
        h.start("blocker", "HoldAndWait", null);
        h.deliverCommands();
        h.start("late", "HoldAndWait", null);
        h.deliverNext("@account@alice");
        assertThat(h.entityState(ALICE.toString()).queue()).hasSize(1);

        h.terminate("late", "gone before its lock");
        h.raise("blocker", "go", "done");
        h.deliverShuffled(new Random(1));

        assertThat(h.status("late")).isEqualTo(RuntimeStatus.Terminated);
        assertThat(h.entityState(ALICE.toString())).as("no lock left for a terminated orchestration").isNull();
        assertThat(h.entityState(BOB.toString())).isNull();
    }

    @Test
    void shouldAnswerALateGrantToAFinishedOrchestrationWithUnlocks() {
        Harness h = harness();
        h.start("holder", "HoldAndWait", null);
        h.deliverNext("@account@alice");
        h.terminate("holder", "stop");
        String executionId = h.state("holder").executionId();
        h.deliverNext("@account@bob");
        h.clearSentCommands();
        ParentInstance caller = new ParentInstance("holder", executionId, 0);

        StepResult late = h.command("holder", EntityResponded.locked(caller, "@account@bob",
                List.of("@account@alice", "@account@bob")));

        assertThat(late.changed()).isFalse();
        assertThat(late.outbound()).containsExactly(
                new Outbound.SendCommand("@account@alice", new UnlockEntity(1, "holder", executionId)),
                new Outbound.SendCommand("@account@bob", new UnlockEntity(1, "holder", executionId)));
        h.deliverCommands();
        assertThat(h.entityState(ALICE.toString())).isNull();
        assertThat(h.entityState(BOB.toString())).isNull();
    }

    @Test
    void shouldReleaseTheLocksOfAFailedOrchestrationAndRefuseToRewindIt() {
        Harness h = harness();
        h.start("f", "Failer", null);
        h.deliverCommands();
        assertThat(h.status("f")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.entityState(ALICE.toString())).as("released when it failed").isNull();

        StepResult rewind = h.rewind("f");

        assertThat(rewind.deadLetterReason()).isEqualTo("instance 'f' locked entities before it failed; its locks"
                + " were released when it failed, so it cannot go on from where it was: start it again instead");
    }
}
