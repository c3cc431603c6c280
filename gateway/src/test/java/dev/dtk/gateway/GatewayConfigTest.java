package dev.dtk.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.topics.Hub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void shouldServeTheHubsOfDtkHubTheFirstAsDefaultWithEngineUrlsPerHub() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of(
                "DTK_HUB", "orders, billing",
                "DTK_ENGINE_URLS", "http://e1:7080, billing=http://e2:7081")).build();

        assertThat(config.hubs()).containsExactly(Hub.of("orders"), Hub.of("billing"));
        assertThat(config.engineUrls()).containsExactly(URI.create("http://e1:7080"));
        assertThat(config.engineUrls(Hub.of("billing"))).containsExactly(URI.create("http://e2:7081"));
        assertThat(GatewayConfig.builder().build().hubs()).containsExactly(Hub.DEFAULT);
    }

    @Test
    void shouldRefuseBadHubsAndEngineUrlsOfAHubNotServed() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("DTK_HUB", "a.b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("DTK_HUB: invalid hub name 'a.b'");
        assertThatThrownBy(() -> GatewayConfig.builder().hubs(List.of(Hub.of("a"), Hub.of("a"))).build())
                .hasMessage("hubs: [a, a] names a hub twice");
        assertThatThrownBy(() -> GatewayConfig.builder().engineUrl("billing=http://e2:7081").build())
                .hasMessage("engine URLs are given for hub 'billing', which this gateway does not serve; add it to the"
                        + " hubs (DTK_HUB, --hub) or drop those URLs");
    }

    @Test
    void shouldReadTheProtectionsFromTheEnvironment() {
        GatewayConfig config = GatewayConfig.fromEnv(Map.of(
                "DTK_GATEWAY_IDLE_TIMEOUT_MS", "1000",
                "DTK_GATEWAY_HEADER_TIMEOUT_MS", "2000",
                "DTK_GATEWAY_READ_TIMEOUT_MS", "3000",
                "DTK_GATEWAY_BODY_TIMEOUT_MS", "4000",
                "DTK_GATEWAY_MAX_CONNECTIONS", "500",
                "DTK_GATEWAY_MAX_CONNECTIONS_PER_ADDRESS", "20",
                "DTK_GATEWAY_TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.5,fd00::/8",
                "DTK_ENGINE_QUERY_SECRET", "s3cret")).build();

        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.headerTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.bodyTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.maxConnections()).isEqualTo(500);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(20);
        assertThat(config.trustedProxies()).containsExactly("10.0.0.0/8", "192.168.1.5", "fd00::/8");
        assertThat(config.engineQuerySecret()).isEqualTo("s3cret");
    }

    @Test
    void shouldProtectByDefault() {
        GatewayConfig config = GatewayConfig.builder().build();

        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxConnections()).isEqualTo(1000);
        assertThat(config.maxConnectionsPerAddress()).isEqualTo(100);
        assertThat(config.trustedProxies()).isEmpty();
        assertThat(config.engineQuerySecret()).isNull();
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
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("DTK_GATEWAY_READ_TIMEOUT_MS", "10s")))
                .hasMessage("DTK_GATEWAY_READ_TIMEOUT_MS must be a whole number, got '10s'");
        assertThatThrownBy(() -> GatewayConfig.builder().bodyTimeout(Duration.ZERO).build())
                .hasMessage("bodyTimeout must be a positive duration, got PT0S");
        assertThatThrownBy(() -> GatewayConfig.builder().maxConnections(0).build())
                .hasMessage("maxConnections must be 1-1000000, got 0");
        assertThatThrownBy(() -> GatewayConfig.builder().maxConnectionsPerAddress(-1).build())
                .hasMessage("maxConnectionsPerAddress must be 1-1000000, got -1");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(Map.of("DTK_GATEWAY_TRUSTED_PROXIES", "proxy.internal")).build())
                .hasMessage("trustedProxies: 'proxy.internal': use an IP address or a CIDR range such as 10.0.0.0/8,"
                        + " not a host name");
    }

    @Test
    void shouldNeverShowKeysOrSecrets() {
        String shown = GatewayConfig.builder().keys(List.of("super-secret-key")).engineQuerySecret("query-secret")
                .kafka(Map.of("sasl.jaas.config", "password=hunter2", "security.protocol", "SASL_SSL")).build()
                .toString();

        assertThat(shown).doesNotContain("super-secret-key", "hunter2", "query-secret")
                .contains("keys=1 [redacted]", "engineQuerySecret=[redacted]", "SASL_SSL");
    }
}
