package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PurgeTest {

    private static Harness waiting() {
        return Harness.of("Wait", ctx -> {
            ctx.createTimer(Duration.ofHours(1)).await();
            return ctx.waitForExternalEvent("go", String.class).await();
        });
    }

    @Test
    void shouldPurgeFinishedInstanceWithItsState() {
        Harness h = waiting();
        h.start("p", "Wait", null);
        h.terminate("p", "done");

        StepResult purged = h.purge("p");

        assertThat(purged.isPurge()).isTrue();
        assertThat(purged.state()).isNull();
        assertThat(purged.status()).isNull();
        assertThat(h.state("p")).isNull();
        assertThat(h.timers("p")).isEmpty();
    }

    @Test
    void shouldIgnorePurgeOfLiveInstance() {
        Harness h = waiting();
        h.start("p", "Wait", null);

        StepResult result = h.purge("p");

        assertThat(result.changed()).isFalse();
        assertThat(result.note()).isEqualTo("instance 'p' is Running; purge ignored (terminate it first)");
        assertThat(h.status("p")).isEqualTo(RuntimeStatus.Running);
        assertThat(h.timers("p")).hasSize(1);
    }

    @Test
    void shouldClearStatusOfUnknownInstance() {
        Harness h = waiting();

        StepResult result = h.purge("ghost");

        assertThat(result.isPurge()).isTrue();
        assertThat(result.timerChanges()).isEmpty();
    }

    @Test
    void shouldStartPurgedInstanceIdAfresh() {
        Harness h = waiting();
        h.start("p", "Wait", null);
        h.terminate("p", "done");
        h.purge("p");

        StepResult again = h.start("p", "Wait", null);

        assertThat(again.status().runtimeStatus()).isEqualTo(RuntimeStatus.Running);
        assertThat(h.state("p").generation()).isZero();
    }
}
