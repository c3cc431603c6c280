package dev.dtk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScorecardTest {

    @Test
    void printsEachFiguresRatioToItsTargetWhicheverWayItPoints() {
        Scorecard card = new Scorecard();
        card.record("throughput", 1_200, "/s", Scorecard.Goal.AT_LEAST, 800, "64 in flight", "the broker");
        card.record("p99", 40, "ms", Scorecard.Goal.AT_MOST, 20, "1M pending", "G1's pauses");
        card.record("p50", 0, "ms", Scorecard.Goal.AT_MOST, 5, "1M pending", "nothing");
        card.record("not measured", Double.NaN, "ms", Scorecard.Goal.AT_MOST, 5, "-", "-");

        String printed = print(card);

        assertThat(printed).contains("| throughput (64 in flight) | 1,200 /s | ≥ 800 /s | 1.50 | yes |  |")
                .contains("| p99 (1M pending) | 40.0 ms | ≤ 20.0 ms | 0.50 | no | G1's pauses |")
                .as("an at-most figure measured as 0 has no finite ratio, and is met")
                .contains("| p50 (1M pending) | 0.0 ms | ≤ 5.0 ms | ∞ | yes |  |")
                .doesNotContain("not measured");
    }

    private static String print(Scorecard card) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        card.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
