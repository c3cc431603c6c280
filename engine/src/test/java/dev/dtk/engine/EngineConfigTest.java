package dev.dtk.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.topics.Hub;
import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EngineConfigTest {

    @Test
    void shouldTakeTheApplicationIdAndTopicsFromTheHub() {
        EngineConfig billing = EngineConfig.builder().hub(Hub.of("billing")).build();

        assertThat(billing.applicationId()).isEqualTo("billing.engine");
        assertThat(billing.streamsProperties().get("application.id")).isEqualTo("billing.engine");
        assertThat(billing.shellSettings(4).hub()).isEqualTo(Hub.of("billing"));
        assertThat(EngineConfig.builder().build().applicationId()).isEqualTo("dtk-engine");
        assertThat(EngineConfig.builder().hub(Hub.of("billing")).applicationId("mine").build().applicationId())
                .isEqualTo("mine");
    }

    @Test
    void shouldRefuseAQueryEndpointBeyondLoopbackWithoutASecret() {
        assertThatThrownBy(() -> EngineConfig.builder().queryEndpoint("0.0.0.0", "engine", 7080).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the query endpoint would listen on 0.0.0.0, which is not a loopback address, and no query"
                        + " secret is configured: anyone who reaches the port could read every instance's history,"
                        + " activity outputs such as SMS codes included. Set DTK_ENGINE_QUERY_SECRET (the same on every"
                        + " engine and gateway), or keep the query endpoint on 127.0.0.1 (--query-host).");

        assertThat(EngineConfig.builder().queryEndpoint("0.0.0.0", "engine", 7080).querySecret("s").build()
                .querySecret()).isEqualTo("s");
        assertThat(EngineConfig.builder().queryEndpoint("127.0.0.1", "127.0.0.1", 7080).build().querySecret())
                .isNull();
        assertThat(EngineConfig.builder().queryEndpoint("0.0.0.0", "engine", -1).build().queryEnabled()).isFalse();
    }

    @Test
    void shouldNeverShowTheQuerySecret() {
        String shown = EngineConfig.builder().queryEndpoint("0.0.0.0", "engine", 7080).querySecret("hunter2").build()
                .toString();

        assertThat(shown).doesNotContain("hunter2").contains("querySecret=[redacted]");
    }

    @Test
    void shouldEnableTheGlobalProcessingExceptionHandlerWhereverKafkaStreamsReadsIt() {
        StreamsConfig streams = new StreamsConfig(EngineConfig.builder().build().streamsProperties());
        String enabled = StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG;

        assertThat(streams.getBoolean(enabled)).as("the streams' own configuration").isTrue();
        // the partition assignor builds a StreamsConfig of its own from the main consumer's (and warns if false)
        assertThat(new StreamsConfig(streams.getMainConsumerConfigs("group", "client", 0)).getBoolean(enabled))
                .as("the assignor's").isTrue();
    }

    @Test
    void shouldKeepStandbyReplicasOnlyWhenAsked() {
        assertThat(EngineConfig.builder().build().streamsProperties())
                .containsEntry("num.standby.replicas", "0");
        EngineConfig withStandby = EngineConfig.builder().standbyReplicas(1).build();
        assertThat(withStandby.streamsProperties()).containsEntry("num.standby.replicas", "1");
        assertThat(withStandby.toString()).contains("standbyReplicas=1");

        assertThatThrownBy(() -> EngineConfig.builder().standbyReplicas(-1).build())
                .hasMessage("standbyReplicas (DTK_ENGINE_STANDBY_REPLICAS) must be 0 or more, got -1");
    }

    @Test
    void shouldBoundHowLongAnInstanceStaysCachedBy1sUnlessToldOtherwise() {
        assertThat(EngineConfig.builder().build().shellSettings(4).cacheIdle()).isEqualTo(Duration.ofSeconds(1));
        assertThat(EngineConfig.builder().cacheIdle(null).build().shellSettings(4).cacheIdle()).isNull();
        EngineConfig bounded = EngineConfig.builder().cacheIdle(Duration.ofMillis(1500)).build();
        assertThat(bounded.shellSettings(4).cacheIdle()).isEqualTo(Duration.ofMillis(1500));
        assertThat(bounded.toString()).contains("idle PT1.5S");

        assertThatThrownBy(() -> EngineConfig.builder().cacheIdle(Duration.ofMillis(-1)).build())
                .hasMessage("cacheIdle (DTK_ENGINE_CACHE_IDLE_MS) must be 0 or more, got -1 ms");
    }
}
