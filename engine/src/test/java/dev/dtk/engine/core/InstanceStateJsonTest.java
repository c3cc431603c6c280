package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.FailureDetails;
import dev.dtk.topics.message.ParentInstance;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceStateJsonTest {

    private static final Instant AT = Instant.parse("2025-03-01T10:00:00.123456789Z");

    @Test
    void shouldRoundTripEveryHistoryEventThroughJson() {
        var empty = JsonNodeFactory.instance.objectNode();
        FailureDetails failure = new FailureDetails("Boom", "it broke", "trace");
        List<HistoryEvent> history = List.of(
                new HistoryEvent.OrchestratorStarted(AT),
                new HistoryEvent.ExecutionStarted(AT, "Flow", "e1", DtkJson.toTree(Map.of("a", 1)),
                        new ParentInstance("p", "pe", 3)),
                new HistoryEvent.TaskScheduled(AT, 0, "A", NullNode.getInstance(), "default"),
                new HistoryEvent.TaskCompleted(AT, 0, empty),
                new HistoryEvent.TaskFailed(AT, 1, failure),
                new HistoryEvent.TimerCreated(AT, 2, AT.plusSeconds(60)),
                new HistoryEvent.TimerFired(AT, 2, AT.plusSeconds(60)),
                new HistoryEvent.TimerCancelled(AT, 3),
                new HistoryEvent.EventRaised(AT, "e", JsonNodeFactory.instance.arrayNode()),
                new HistoryEvent.EventSent(AT, 4, "other", "ping", null),
                new HistoryEvent.SubOrchestrationCreated(AT, 5, "Child", "c", null),
                new HistoryEvent.SubOrchestrationCompleted(AT, 5, DtkJson.toTree("ok")),
                new HistoryEvent.SubOrchestrationFailed(AT, 6, FailureDetails.of("X", "y")),
                new HistoryEvent.ExecutionSuspended(AT, "pause"),
                new HistoryEvent.ExecutionResumed(AT, null),
                new HistoryEvent.ExecutionTerminated(AT, "stop"),
                new HistoryEvent.ExecutionCompleted(AT, RuntimeStatus.Failed, null, failure));
        InstanceState state = new InstanceState("Flow", "e1", 2, DtkJson.toTree(List.of(1, 2)), RuntimeStatus.Suspended,
                AT, AT.plusSeconds(1), DtkJson.toTree("out"), DtkJson.toTree(Map.of("stage", 1)), failure,
                new ParentInstance("p", "pe", 3), 1234, history, List.of(new HistoryEvent.EventRaised(AT, "late", null)));

        byte[] json = DtkJson.write(state);
        InstanceState read = DtkJson.read(json, InstanceState.class);

        assertThat(read).isEqualTo(state);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"type\":\"TimerCreated\"").contains("\"runtimeStatus\":\"Suspended\"");
    }

    @Test
    void shouldReadStateWithoutOptionalFields() {
        InstanceState read = DtkJson.read(
                "{\"name\":\"F\",\"executionId\":\"e\",\"runtimeStatus\":\"Running\"}".getBytes(), InstanceState.class);

        assertThat(read.history()).isEmpty();
        assertThat(read.suspendedInbox()).isEmpty();
        assertThat(read.generation()).isZero();
    }

    @Test
    void shouldKeepPhoneVerificationStateSmall() {
        Harness h = Harness.of("E4_SmsPhoneVerification", ctx -> {
            String phone = ctx.getInput(String.class);
            int code = ctx.callActivity("E4_SendSmsChallenge", phone, Integer.class).await();
            var deadline = ctx.createTimer(ctx.currentUtcDateTime().plus(Duration.ofSeconds(90)));
            boolean authorized = false;
            for (int attempt = 0; attempt < 3; attempt++) {
                var response = ctx.waitForExternalEvent("SmsChallengeResponse", Integer.class);
                if (ctx.anyOf(response, deadline).await() == response) {
                    if (response.await() == code) {
                        authorized = true;
                        break;
                    }
                } else {
                    break;
                }
            }
            if (!deadline.isDone()) {
                deadline.cancel();
            }
            return authorized;
        });
        h.start("verify-+15555550100", "E4_SmsPhoneVerification", "+15555550100");
        h.complete("E4_SendSmsChallenge", 4821);
        h.raise("verify-+15555550100", "SmsChallengeResponse", 1111);

        int size = DtkJson.write(h.state("verify-+15555550100")).length;

        assertThat(h.status("verify-+15555550100")).isEqualTo(RuntimeStatus.Running);
        assertThat(size).isLessThan(4096);
        h.raise("verify-+15555550100", "SmsChallengeResponse", 4821);
        assertThat(h.output("verify-+15555550100").asBoolean()).isTrue();
        assertThat(h.timers("verify-+15555550100")).isEmpty();
    }
}
