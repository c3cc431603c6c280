package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendEventTest {

    @Test
    void shouldSendEventToAnotherInstance() {
        Harness h = Harness.of(OrchestratorRegistry.builder()
                .register("Sender", ctx -> {
                    ctx.sendEvent("receiver", "ping", 7);
                    return "sent";
                })
                .register("Receiver", ctx -> ctx.waitForExternalEvent("ping", Integer.class).await())
                .build());
        h.start("receiver", "Receiver", null);

        StepResult sent = h.start("sender", "Sender", null);
        h.deliverCommands();

        assertThat(sent.outbound()).containsExactly(
                new Outbound.SendCommand("receiver", RaiseEvent.of("ping", IntNode.valueOf(7))));
        assertThat(h.state("sender").history()).anySatisfy(e -> assertThat(e)
                .isInstanceOf(HistoryEvent.EventSent.class));
        assertThat(h.output("receiver").asInt()).isEqualTo(7);
    }

    @Test
    void shouldNotSendEventAgainWhenReplaying() {
        Harness h = Harness.of("Sender", ctx -> {
            ctx.sendEvent("other", "ping", null);
            return ctx.callActivity("A", null, String.class).await();
        });
        h.start("s", "Sender", null);

        StepResult done = h.complete("A", "x");

        assertThat(done.outbound()).isEmpty();
        assertThat(h.status("s")).isEqualTo(RuntimeStatus.Completed);
    }

    @Test
    void shouldFailOrchestrationForBlankEventName() {
        Harness h = Harness.of("Sender", ctx -> {
            ctx.sendEvent("other", " ", null);
            return null;
        });

        StepResult result = h.start("s", "Sender", null);

        assertThat(result.status().failureDetails().errorMessage())
                .isEqualTo("the name of the event of sendEvent must not be blank");
    }

    @Test
    void shouldCompleteEmptyAllOfAndRejectEmptyAnyOf() {
        Harness h = Harness.of("Empty", ctx -> {
            List<Object> none = ctx.allOf(List.<dev.dtk.orchestration.Task<Object>>of()).await();
            ctx.anyOf(List.of());
            return none;
        });

        StepResult result = h.start("e", "Empty", null);

        assertThat(result.status().failureDetails().errorMessage()).isEqualTo("anyOf needs at least one task");
    }

    @Test
    void shouldRefuseInputForInstanceWhoseOrchestratorIsNoLongerRegistered() {
        Harness first = Harness.of("Old", ctx -> ctx.waitForExternalEvent("e", String.class).await());
        first.start("o", "Old", null);
        InstanceStepper withoutOld = new InstanceStepper(OrchestratorRegistry.builder().register("New", ctx -> null)
                .build(), ActivityRouting.single("default"));

        StepResult result = withoutOld.apply("o", first.state("o"),
                new Inbound.CommandReceived(RaiseEvent.of("e", null)), Harness.T0);

        assertThat(result.changed()).isFalse();
        assertThat(result.deadLetterReason())
                .isEqualTo("no orchestrator named 'Old' is registered; registered orchestrators: [New]");
    }
}
