package dev.dtk.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldKeepASmallValueAsTextAndBinaryAsBase64() {
        DeadLetter text = DeadLetter.of("t", 1, 2, "k", "{oops".getBytes(StandardCharsets.UTF_8), "bad", T, 100);
        DeadLetter binary = DeadLetter.of("t", 1, 2, "k", new byte[] {(byte) 0xff, 0, 1}, "bad", T, 100);

        assertThat(text.value()).isEqualTo("{oops");
        assertThat(text.valueBytes()).isNull();
        assertThat(binary.value()).isNull();
        assertThat(binary.valueBase64()).isEqualTo("/wAB");
    }

    @Test
    void shouldCutAValueTooLargeForALetterSayingHowLargeItWas() {
        byte[] huge = ("\"" + "é".repeat(600_000) + "\"").getBytes(StandardCharsets.UTF_8);

        DeadLetter letter = DeadLetter.of("dtk.commands", 0, 7, "k", huge, "x".repeat(20_000), T, 1000);

        assertThat(letter.valueBytes()).isEqualTo(huge.length);
        assertThat(letter.value()).startsWith("\"é").hasSizeLessThanOrEqualTo(1000);
        assertThat(letter.reason()).hasSize(DeadLetter.MAX_REASON_CHARS + 3);
        assertThat(DtkJson.write(letter).length).isLessThan(20_000);
    }
}
