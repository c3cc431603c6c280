package dev.dtk.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.topics.message.RuntimeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParsingTest {

    private static ApiRequest query(Map<String, List<String>> params) {
        return new ApiRequest("GET", List.of(), params, null, null, null, "http://h", "/", null, null);
    }

    @Test
    void shouldDecodePathSegmentsKeepingPlusSigns() {
        assertThat(ApiRequest.segments("/runtime/webhooks/durabletask/instances/a%20b+c/raiseEvent/E%2F1"))
                .containsExactly("runtime", "webhooks", "durabletask", "instances", "a b+c", "raiseEvent", "E/1");
    }

    @Test
    void shouldReadBooleansAndNameTheBadParameter() {
        assertThat(query(Map.of("showInput", List.of("FALSE"))).bool("showInput", true)).isFalse();
        assertThat(query(Map.of()).bool("showInput", true)).isTrue();
        assertThatThrownBy(() -> query(Map.of("showHistory", List.of("yes"))).bool("showHistory", false))
                .hasMessage("The value of parameter 'showHistory' must be true or false, got 'yes'.");
    }

    @Test
    void shouldReadPositiveNumbersOnly() {
        assertThat(query(Map.of("top", List.of("5"))).positiveInt("top", 100)).isEqualTo(5);
        assertThat(query(Map.of()).positiveInt("top", 100)).isEqualTo(100);
        assertThatThrownBy(() -> query(Map.of("top", List.of("0"))).positiveInt("top", 100))
                .hasMessage("The value of parameter 'top' must be a positive whole number, got '0'.");
    }

    @Test
    void shouldReadTimesInSeveralIsoForms() {
        assertThat(query(Map.of("t", List.of("2026-01-31T12:00:00Z"))).instant("t"))
                .isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(query(Map.of("t", List.of("2026-01-31T14:00:00+02:00"))).instant("t"))
                .isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(query(Map.of("t", List.of("2026-01-31T12:00:00"))).instant("t"))
                .isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(query(Map.of("t", List.of("2026-01-31"))).instant("t"))
                .isEqualTo(Instant.parse("2026-01-31T00:00:00Z"));
        assertThatThrownBy(() -> query(Map.of("createdTimeTo", List.of("soon"))).instant("createdTimeTo"))
                .hasMessageStartingWith("The value of parameter 'createdTimeTo' must be an ISO-8601 time");
    }

    @Test
    void shouldReadRuntimeStatusesAsCommaListOrRepeated() {
        ApiRequest request = query(Map.of("runtimeStatus", List.of("running, completed", "Failed")));
        assertThat(request.statuses("runtimeStatus"))
                .containsExactlyInAnyOrder(RuntimeStatus.Running, RuntimeStatus.Completed, RuntimeStatus.Failed);
        assertThatThrownBy(() -> query(Map.of("runtimeStatus", List.of("Done"))).statuses("runtimeStatus"))
                .hasMessageStartingWith("The value of parameter 'runtimeStatus' has unknown runtime status 'Done'");
    }

    @Test
    void shouldReadJsonBodiesAndRefuseOthers() {
        assertThat(Bodies.json(new byte[0])).isNull();
        assertThat(Bodies.json("{\"a\":1}".getBytes()).get("a").asInt()).isEqualTo(1);
        assertThatThrownBy(() -> Bodies.json("{a".getBytes())).isInstanceOf(ApiError.class)
                .hasMessageStartingWith("The request body is not valid JSON: ");
        assertThat(Bodies.isJson("application/json; charset=utf-8")).isTrue();
        assertThat(Bodies.isJson("application/problem+json")).isTrue();
        assertThat(Bodies.isJson("text/plain")).isFalse();
        assertThat(Bodies.isJson(null)).isFalse();
    }
}
