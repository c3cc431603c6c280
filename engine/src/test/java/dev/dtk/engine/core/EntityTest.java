package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.entity.AbstractEntity;
import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.CallEntity;
import dev.dtk.topics.message.EntityResponded;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SignalEntity;
import dev.dtk.topics.message.StartOrchestration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entity kind, pure: operations one at a time in order, rollback on failure, what operations may do. */
class EntityTest {

    static final String COUNTER = "@counter@c1";

    static EntityRegistry entities() {
        return EntityRegistry.builder()
                .register("Counter", op -> {
                    switch (op.name()) {
                        case "add" -> op.setState(op.getState(Integer.class, 0) + op.getInput(Integer.class));
                        case "reset" -> op.setState(0);
                        case "get" -> op.result(op.getState(Integer.class, 0));
                        case "addThenFail" -> {
                            op.setState(op.getState(Integer.class, 0) + op.getInput(Integer.class));
                            op.signalEntity(EntityId.of("Counter", "other"), "add", 1);
                            throw new IllegalStateException("no adding today");
                        }
                        default -> throw new IllegalArgumentException("unknown operation " + op.name());
                    }
                })
                .register("Log", op -> {
                    String before = op.getState(String.class, "");
                    op.setState(before + op.getInput(String.class));
                })
                .register("Account", Account::new)
                .register("Starter", op -> {
                    op.result(op.startNewOrchestration("Reader", op.getInput(String.class)));
                    op.signalEntity(EntityId.of("Log", "started"), "append", "x");
                })
                .register("Big", op -> op.setState("x".repeat(op.getInput(Integer.class))))
                .build();
    }

    /** The class-style sample: a balance that never goes below zero. */
    public static final class Account extends AbstractEntity<Long> {

        @Override
        protected Long initialState() {
            return 0L;
        }

        public void deposit(long amount) {
            state += amount;
        }

        public void withdraw(long amount) {
            if (amount > state) {
                throw new IllegalStateException("insufficient funds: " + state + " < " + amount);
            }
            state -= amount;
        }

        public long balance() {
            return state;
        }
    }

    static Harness harness() {
        return Harness.of(OrchestratorRegistry.builder()
                .register("Reader", ctx -> {
                    EntityId counter = EntityId.parse(ctx.getInput(String.class));
                    return ctx.callEntity(counter, "get", null, Integer.class).await();
                })
                .register("Adder", ctx -> {
                    try {
                        ctx.callEntity(EntityId.of("counter", "c1"), "addThenFail", 5, Void.class).await();
                        return "added";
                    } catch (TaskFailedException e) {
                        return "failed: " + e.getFailureDetails().errorType() + ": "
                                + e.getFailureDetails().errorMessage();
                    }
                })
                .register("Signaller", ctx -> {
                    ctx.signalEntity(EntityId.of("Counter", "c1"), "add", 2);
                    ctx.signalEntity(EntityId.of("Counter", "c1"), "add", 40,
                            ctx.currentUtcDateTime().plus(Duration.ofMinutes(5)));
                    return null;
                })
                .register("Ghost", ctx -> ctx.callEntity(EntityId.of("Nobody", "x"), "get", null, Integer.class)
                        .await())
                .build(), entities());
    }

    private static SignalEntity signal(String operation, Object input) {
        return SignalEntity.of(operation, DtkJson.toTree(input));
    }

    @Test
    void shouldRunSignalsOneAtATimeInArrivalOrder() {
        Harness h = harness();

        for (String part : List.of("a", "b", "c", "d")) {
            h.entity("@log@l1", signal("append", part));
        }

        assertThat(h.entityState("@log@l1").state()).isEqualTo(TextNode.valueOf("abcd"));
        assertThat(h.lastEntityResult().status().state()).isEqualTo(TextNode.valueOf("abcd"));
        assertThat(h.lastEntityResult().status().lastOperationTime()).isEqualTo(Harness.T0);
    }

    @Test
    void shouldCreateAnEntityWithItsFirstStateAndDeleteItWithTheBuiltInDelete() {
        Harness h = harness();

        h.entity(COUNTER, signal("get", null));
        assertThat(h.entityState(COUNTER)).as("reading does not create").isNull();
        h.entity(COUNTER, signal("add", 5));
        h.entity(COUNTER, signal("add", 3));
        assertThat(h.entityState(COUNTER).state()).isEqualTo(IntNode.valueOf(8));
        assertThat(h.lastEntityResult().status().entityId()).isEqualTo(COUNTER);

        EntityStepResult deleted = h.entity(COUNTER, signal("delete", null));

        assertThat(deleted.deleted()).isTrue();
        assertThat(deleted.state()).as("nothing left to keep").isNull();
        assertThat(h.entityState(COUNTER)).isNull();
    }

    @Test
    void shouldAnswerACallFromAnOrchestrationWithTheResult() {
        Harness h = harness();
        h.entity(COUNTER, signal("add", 7));

        h.start("r", "Reader", COUNTER);
        String executionId = h.state("r").executionId();
        assertThat(h.sentCommands()).containsExactly(new Outbound.SendCommand(COUNTER,
                new CallEntity(1, "get", null, new ParentInstance("r", executionId, 0))));
        h.deliverCommands();

        assertThat(h.status("r")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("r")).isEqualTo(IntNode.valueOf(7));
    }

    @Test
    void shouldLeaveTheStateAsItWasAndSendNothingWhenAnOperationFails() {
        Harness h = harness();
        h.entity(COUNTER, signal("add", 1));

        h.start("a", "Adder", null);
        h.deliverCommands();

        assertThat(h.entityState(COUNTER).state()).isEqualTo(IntNode.valueOf(1));
        assertThat(h.entityState("@counter@other")).as("the failed operation's signal was not sent").isNull();
        assertThat(h.output("a").asText()).isEqualTo("failed: java.lang.IllegalStateException: no adding today");
    }

    @Test
    void shouldRefuseASignalAndFailACallToAnEntityNobodyRegistered() {
        Harness h = harness();

        EntityStepResult refused = h.entity("@nobody@x", signal("get", null));
        assertThat(refused.deadLetterReason()).isEqualTo("no entity named 'nobody' is registered; registered"
                + " entities: [account, big, counter, log, starter]");

        h.start("g", "Ghost", null);
        h.deliverCommands();
        assertThat(h.status("g")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.state("g").failureDetails().errorMessage()).contains("EntityNotFound")
                .contains("no entity named 'nobody' is registered");
    }

    @Test
    void shouldHoldAScheduledSignalUntilItsTime() {
        Harness h = harness();
        h.start("s", "Signaller", null);
        h.deliverCommands();
        assertThat(h.entityState(COUNTER).state()).isEqualTo(IntNode.valueOf(2));
        assertThat(h.entityState(COUNTER).pendingTimers()).isEqualTo(1);

        h.advance(Duration.ofMinutes(4));
        assertThat(h.entityState(COUNTER).state()).isEqualTo(IntNode.valueOf(2));
        h.advance(Duration.ofMinutes(1));

        assertThat(h.entityState(COUNTER).state()).isEqualTo(IntNode.valueOf(42));
        assertThat(h.entityState(COUNTER).pendingTimers()).isZero();
    }

    @Test
    void shouldRunAClassStyleEntityByItsMethodsAndRefuseWhatItHasNot() {
        Harness h = harness();
        String account = "@account@alice";

        h.entity(account, signal("balance", null));
        assertThat(h.entityState(account)).as("reading the initial state does not create the entity").isNull();
        h.entity(account, signal("Deposit", 100));
        h.entity(account, signal("withdraw", 30));
        h.entity(account, signal("withdraw", 500));
        assertThat(h.entityState(account).state()).isEqualTo(DtkJson.toTree(70L));
        assertThat(h.lastEntityResult().note()).contains("IllegalStateException: insufficient funds: 70 < 500");

        h.entity(account, signal("close", null));
        assertThat(h.lastEntityResult().note()).contains("has no operation 'close'; its operations: [balance,"
                + " deposit, withdraw]");
        h.entity(account, signal("delete", null));
        assertThat(h.entityState(account)).isNull();
    }

    @Test
    void shouldStartOrchestrationsUnderIdsTheSameWhenTheStepIsRedone() {
        Harness h = harness();
        h.entity(COUNTER, signal("add", 9));

        h.entity("@starter@s", CommandFor.signal("go", COUNTER));

        Outbound.SendCommand start = h.sentCommands().stream()
                .filter(c -> c.command() instanceof StartOrchestration).findFirst().orElseThrow();
        assertThat(start.instanceId()).hasSize(32).doesNotContain("-");
        assertThat(((StartOrchestration) start.command()).name()).isEqualTo("Reader");
        h.deliverCommands();
        assertThat(h.output(start.instanceId())).isEqualTo(IntNode.valueOf(9));
        assertThat(h.entityState("@log@started").state()).isEqualTo(TextNode.valueOf("x"));
    }

    @Test
    void shouldFailAnOperationWhoseStateWouldPassThePayloadLimit() {
        Limits small = new Limits(64 * 1024 + 4 * 1024, 1024, 120, 512 * 1024);
        Harness h = new Harness(OrchestratorRegistry.builder().build(), entities(),
                new StepRules(ActivityRouting.single("default"), small), CodeGuard.DIRECT);

        h.entity("@big@b", signal("grow", 100));
        h.entity("@big@b", signal("grow", 5000));

        assertThat(h.entityState("@big@b").state().asText()).hasSize(100);
        assertThat(h.lastEntityResult().note()).contains("the state of entity '@big@b' after operation 'grow' is"
                + " 5002 bytes, over the limit of 1024 bytes");
    }

    @Test
    void shouldRefuseOrchestrationCommandsAddressedToAnEntity() {
        Harness h = harness();

        EntityStepResult refused = h.entity(COUNTER, RaiseEvent.of("go", null));

        assertThat(refused.deadLetterReason()).startsWith("'@counter@c1' is an entity ID: entities take"
                + " signal-entity commands, not RaiseEvent");
    }

    @Test
    void shouldRefuseEntityCommandsAddressedToAnInstance() {
        Harness h = harness();

        StepResult refused = h.command("plain", signal("add", 1));

        assertThat(refused.deadLetterReason()).isEqualTo("a signal-entity command must be keyed by an entity ID"
                + " (@name@key); 'plain' is an orchestration instance ID");
    }

    @Test
    void shouldIgnoreAnAnswerForACallNobodyMade() {
        Harness h = harness();
        h.start("r", "Reader", COUNTER);

        StepResult ignored = h.command("r", EntityResponded.result(new ParentInstance("r", h.state("r").executionId(),
                7), COUNTER, IntNode.valueOf(1)));

        assertThat(ignored.changed()).isFalse();
        assertThat(ignored.note()).contains("no such entity call is pending");
    }

    /** Commands written as a test reads them. */
    static final class CommandFor {

        static SignalEntity signal(String operation, Object input) {
            return SignalEntity.of(operation, DtkJson.toTree(input));
        }
    }
}
