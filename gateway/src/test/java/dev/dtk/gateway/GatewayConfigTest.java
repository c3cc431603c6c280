package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigTest {

    @Test
    void shouldReadTheEnvironment() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of(
                "DTK_GATEWAY_HOST", "127.0.0.1",
                "DTK_GATEWAY_PORT", "8080",
                "DTK_BOOTSTRAP_SERVERS", "k1:9092,k2:9092",
                "DTK_GATEWAY_KEYS", " a, b ,",
                "DTK_ENGINE_URLS", "http://e1:7080,http://e2:7080",
                "DTK_GATEWAY_MAX_BODY_BYTES", "2048")).build();

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(config.keys()).containsExactly("a", "b");
        assertThat(config.engineUrls()).hasSize(2);
        assertThat(config.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void shouldReadKeysFromAFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "# keys\nfirst\n\n  second  \n");

        GatewayConfig config = GatewayConfig.fromEnv(Map.of("DTK_GATEWAY_KEYS_FILE", file.toString())).build();

        assertThat(config.keys()).containsExactly("first", "second");
    }

    @Test
    void shouldRefuseNonLoopbackAddressWithoutKeysUnlessInsecure() {
        assertThatThrownBy(() -> GatewayConfig.builder().host("0.0.0.0").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("host 0.0.0.0 is not a loopback address and no keys are configured");
        assertThat(GatewayConfig.builder().host("0.0.0.0").insecure(true).build().host()).isEqualTo("0.0.0.0");
        assertThat(GatewayConfig.builder().host("0.0.0.0").keys(List.of("k")).build().keys()).hasSize(1);
    }

    @Test
    void shouldNameTheBadSetting() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("DTK_GATEWAY_PORT", "http")))
                .hasMessage("DTK_GATEWAY_PORT must be a whole number, got 'http'");
        assertThatThrownBy(() -> GatewayConfig.builder().port(70000)).hasMessage("port must be 0-65535, got 70000");
        assertThatThrownBy(() -> GatewayConfig.builder().maxBodyBytes(0).build())
                .hasMessage("maxBodyBytes must be positive, got 0");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("DTK_ENGINE_URLS", "engine:7080")).build())
                .hasMessage("engineUrls: 'engine:7080' is not an http://host:port URL");
    }

    @Test
    void shouldNeverShowKeysOrSecrets() {
        String shown = GatewayConfig.builder().keys(List.of("super-secret-key"))
                .kafka(Map.of("sasl.jaas.config", "password=hunter2", "security.protocol", "SASL_SSL")).build()
                .toString();

        assertThat(shown).doesNotContain("super-secret-key", "hunter2").contains("keys=1 [redacted]", "SASL_SSL");
    }
}
