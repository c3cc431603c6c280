package dev.dtk.engine.query.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuerySecretTest {

    @Test
    void shouldAllowOnlyTheBearerOfTheSecret() {
        QuerySecret secret = QuerySecret.of("s3cret");

        assertThat(secret.required()).isTrue();
        assertThat(secret.allows("Bearer s3cret")).isTrue();
        assertThat(secret.allows("Bearer s3cre")).isFalse();
        assertThat(secret.allows("Bearer s3crett")).isFalse();
        assertThat(secret.allows("s3cret")).isFalse();
        assertThat(secret.allows(null)).isFalse();
        assertThat(secret.header()).isEqualTo("Bearer s3cret");
    }

    @Test
    void shouldAllowEveryoneWithoutASecret() {
        QuerySecret none = QuerySecret.of("  ");

        assertThat(none.required()).isFalse();
        assertThat(none.allows(null)).isTrue();
        assertThat(none.header()).isNull();
    }
}
