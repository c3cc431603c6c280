package dev.dtk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.observability.internal.TracingSetup;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingSetupTest {

    @Test
    void shouldLeaveTracesOffByDefault() {
        assertThat(TracingSetup.requested(Map.of())).isFalse();
        assertThat(TracingSetup.requested(Map.of("OTEL_SERVICE_NAME", "x"))).isFalse();
        assertThat(TracingSetup.requested(Map.of("OTEL_TRACES_EXPORTER", "none"))).isFalse();
    }

    @Test
    void shouldTurnTracesOnWithAnExporterOrAnEndpoint() {
        assertThat(TracingSetup.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp"))).isTrue();
        assertThat(TracingSetup.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
        assertThat(TracingSetup.requested(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
                .isTrue();
    }

    @Test
    void shouldLetOtelSdkDisabledWin() {
        assertThat(TracingSetup.requested(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_SDK_DISABLED", "true")))
                .isFalse();
    }

    @Test
    void shouldBuildAnOtlpExporterOverHttpWithTheJdksClient() {
        var sdk = TracingSetup.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:1"), "dtk-test");
        assertThat(sdk).isPresent();
        try (var opened = sdk.get()) {
            var span = opened.openTelemetry().getTracer("test").spanBuilder("x").startSpan();
            assertThat(span.getSpanContext().isValid()).as("spans are recorded").isTrue();
            assertThat(span.isRecording()).isTrue();
        }
    }

    @Test
    void shouldBuildNoSdkWhenTracesAreOff() {
        try (Observability observability = Observability.forService("test", Map.of("OTEL_TRACES_EXPORTER", "none"))) {
            assertThat(observability.tracing()).isFalse();
            assertThat(observability.scrape()).get().asString().contains("jvm_memory_used_bytes");
        }
    }
}
