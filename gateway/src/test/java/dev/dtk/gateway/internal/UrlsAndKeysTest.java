package dev.dtk.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlsAndKeysTest {

    @Test
    void shouldBuildCheckStatusPayloadWithKeyTaskHubAndConnection() {
        ManagementUrls urls = new ManagementUrls("https://api.example", "order 1", "Hub", "Conn", "k&y");

        var payload = urls.payload("order 1");

        String base = "https://api.example/runtime/webhooks/durabletask/instances/order%201";
        String common = "taskHub=Hub&connection=Conn&code=k%26y";
        assertThat(payload.get("statusQueryGetUri").asText()).isEqualTo(base + "?" + common);
        assertThat(payload.get("sendEventPostUri").asText()).isEqualTo(base + "/raiseEvent/{eventName}?" + common);
        assertThat(payload.get("terminatePostUri").asText()).isEqualTo(base + "/terminate?reason={text}&" + common);
        assertThat(payload.get("resumePostUri").asText()).isEqualTo(base + "/resume?reason={text}&" + common);
    }

    @Test
    void shouldLeaveCodeOutWithoutKeyAndDefaultTaskHub() {
        ManagementUrls urls = new ManagementUrls("http://h", "i", null, null, null);

        assertThat(urls.statusQueryGetUri())
                .isEqualTo("http://h/runtime/webhooks/durabletask/instances/i?taskHub=dtk&connection=Kafka");
        Reply accepted = urls.accepted("i");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.headers()).containsEntry("Retry-After", "10")
                .containsEntry("Location", urls.statusQueryGetUri());
    }

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

    @Test
    void shouldFormatTimesToTheSecondInUtc() {
        assertThat(Times.format(java.time.Instant.parse("2026-03-01T10:00:00.987Z"))).isEqualTo("2026-03-01T10:00:00Z");
    }
}
