package dev.dtk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientValuesTest {

    @Test
    void shouldValidateInstanceIds() {
        assertThat(InstanceIds.validate("order-42")).isEqualTo("order-42");
        assertThat(InstanceIds.random()).matches("[0-9a-f]{32}");
        assertThatThrownBy(() -> InstanceIds.validate("@counter@k")).hasMessageContaining("must not start with '@'");
        assertThatThrownBy(() -> InstanceIds.validate("a#b")).hasMessageContaining("contains '#'");
        assertThatThrownBy(() -> InstanceIds.validate("a\\b")).hasMessageContaining("contains '\\'");
        assertThatThrownBy(() -> InstanceIds.validate("a\u0001b")).hasMessageContaining("contains '\\u0001'");
        assertThatThrownBy(() -> InstanceIds.validate("x".repeat(257)))
                .hasMessage("The instance ID is 257 characters long; at most 256 are allowed.");
        assertThatThrownBy(() -> InstanceIds.validate("")).hasMessage("The instance ID must not be empty.");
    }

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
        CheckStatusResponse accepted = urls.accepted("i");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers()).containsEntry("Retry-After", "10")
                .containsEntry("Location", urls.statusQueryGetUri());
    }

    @Test
    void shouldBuildUrlsForAServicesOwnHandlerOnItsOriginOrTheGateway() {
        URI request = URI.create("https://shop.example:8443/api/orders/start?code=k1&taskHub=H");

        assertThat(ManagementUrls.forRequest(request, null, "o1").statusQueryGetUri()).isEqualTo(
                "https://shop.example:8443/runtime/webhooks/durabletask/instances/o1?taskHub=H&connection=Kafka&code=k1");
        assertThat(ManagementUrls.forRequest(request, URI.create("https://dtk.example"), "o1").statusQueryGetUri())
                .isEqualTo("https://dtk.example/runtime/webhooks/durabletask/instances/o1?taskHub=H&connection=Kafka"
                        + "&code=k1");
    }

    @Test
    void shouldRoundTripContinuationTokens() {
        assertThat(InstancePage.after(InstancePage.token("ab/c \u00fc"))).isEqualTo("ab/c \u00fc");
        assertThat(InstancePage.after("")).isNull();
        assertThatThrownBy(() -> InstancePage.after("***")).hasMessageContaining("not a continuation token");
    }

    @Test
    void shouldFormatTimesToTheSecondInUtc() {
        assertThat(Times.format(java.time.Instant.parse("2026-03-01T10:00:00.987Z"))).isEqualTo("2026-03-01T10:00:00Z");
    }
}
