package dev.dtk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterReasonsTest {

    @Test
    void shouldSortTheEnginesAndWorkersReasonsIntoFewLabels() {
        assertThat(DeadLetterReasons.label("the record has no key; the key must be the instance ID"))
                .isEqualTo("invalid_key");
        assertThat(DeadLetterReasons.label("the instance ID is 300 characters long; at most 256 are allowed"))
                .isEqualTo("invalid_key");
        assertThat(DeadLetterReasons.label("cannot read the record: Unexpected character ('x')"))
                .isEqualTo("unreadable");
        assertThat(DeadLetterReasons.label("not a valid ActivityTask: missing instanceId")).isEqualTo("unreadable");
        assertThat(DeadLetterReasons.label("the record has no value (a tombstone); expected an ActivityTask"))
                .isEqualTo("unreadable");
        assertThat(DeadLetterReasons.label("internal error in the engine: java.lang.NullPointerException"))
                .isEqualTo("internal_error");
        assertThat(DeadLetterReasons.label("the stored state of instance 'a' cannot be read: bad"))
                .isEqualTo("unreadable_state");
        assertThat(DeadLetterReasons.label("the input is 300000 bytes, over the limit of 262144 bytes"))
                .isEqualTo("too_large");
        assertThat(DeadLetterReasons.label("unknown orchestrator 'Nope'")).isEqualTo("refused");
        assertThat(DeadLetterReasons.label(null)).isEqualTo("refused");
    }
}
