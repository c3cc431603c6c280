package dev.dtk.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlsAndKeysTest {

    @Test
    void shouldAcceptOnlyConfiguredKeys() {
        KeyCheck keys = new KeyCheck(List.of("alpha", "beta"));

        assertThat(keys.allows("alpha")).isTrue();
        assertThat(keys.allows("beta")).isTrue();
        assertThat(keys.allows("alph")).isFalse();
        assertThat(keys.allows("alphaa")).isFalse();
        assertThat(keys.allows(null)).isFalse();
        assertThat(keys.allows("")).isFalse();
        assertThat(new KeyCheck(List.of()).allows(null)).isTrue();
    }

    @Test
    void shouldWriteErrorsWithAllTheFieldsClientsRead() {
        Reply reply = ApiError.badRequest("bad thing").reply();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(new String(reply.body())).isEqualTo(
                "{\"error\":\"Bad Request\",\"message\":\"bad thing\",\"Message\":\"bad thing\","
                        + "\"ExceptionMessage\":\"bad thing\"}");
        assertThat(reply.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
    }
}
