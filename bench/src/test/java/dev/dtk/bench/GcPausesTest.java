package dev.dtk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GcPausesTest {

    @Test
    void countsTheLateTimersWhoseWaitSpansAPause() {
        List<GcPauses.Fire> fires = List.of(
                new GcPauses.Fire(1_000, 1_002), // on time
                new GcPauses.Fire(1_010, 1_045), // late, due before the pause ended, fired after it began
                new GcPauses.Fire(1_050, 1_075), // late, due after the pause ended
                new GcPauses.Fire(990, 1_030)); // late, due before the pause began, fired after it began
        List<GcPauses.Pause> pauses = List.of(new GcPauses.Pause(1_020, 1_040), new GcPauses.Pause(5_000, 5_050));

        assertThat(GcPauses.attribute(fires, pauses, 20))
                .contains("2 of the 3 timers 20 ms or more late waited across a collector pause")
                .as("only the pause between the first due time and the last fire")
                .contains("1, p50 20 ms, longest 20 ms, 20 ms in all");
        assertThat(GcPauses.attribute(fires.subList(0, 1), List.of(), 20)).contains("0 of the 0 timers")
                .endsWith("none");
    }

    @Test
    void recordsThisJvmsPausesFromItsGcNotifications() {
        try (GcPauses recorder = GcPauses.start()) {
            System.gc(); // a full collection: a pause under every collector the tests run with
            await().atMost(Duration.ofSeconds(10)).until(() -> !recorder.pauses().isEmpty());
            GcPauses.Pause pause = recorder.pauses().getFirst();
            assertThat(pause.endMillis()).isGreaterThanOrEqualTo(pause.startMillis())
                    .isBetween(System.currentTimeMillis() - 10_000, System.currentTimeMillis());
        }
        assertThat(GcPauses.collector()).isNotBlank();
    }
}
