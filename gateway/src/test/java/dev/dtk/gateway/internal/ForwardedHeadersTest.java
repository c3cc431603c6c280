package dev.dtk.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void shouldTrustOnlyTheListedAddressesAndRanges() throws Exception {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.1.0.0/16", "192.168.1.5", "fd00::/8", "172.16.0.0/12"));

        assertThat(proxies.trusts(InetAddress.getByName("10.1.200.3"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.5"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.6"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("fe80::1"))).isFalse();
        assertThat(proxies.trusts(null)).isFalse();
        assertThat(TrustedProxies.none().trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(InetAddress.getByName("8.8.8.8"))).isTrue();
    }

    @Test
    void shouldRefuseHostNamesAndBadRangesNamingTheEntry() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.internal")))
                .hasMessage("trustedProxies: 'proxy.internal': use an IP address or a CIDR range such as 10.0.0.0/8,"
                        + " not a host name");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
                .hasMessage("trustedProxies: '10.0.0.0/33': the prefix length must be 0-32");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("::1/x")))
                .hasMessage("trustedProxies: '::1/x': the prefix length must be 0-128");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("300.1.1.1")))
                .hasMessage("trustedProxies: '300.1.1.1': not an IP address");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("fd00::zz/8")))
                .hasMessage("trustedProxies: 'fd00::zz/8': not an IP address");
    }

    @Test
    void shouldReadTheFirstElementOfTheStandardForwardedHeader() {
        String header = "for=192.0.2.60;proto=https;host=\"dtk.example.com:8443\", for=10.0.0.1;host=inner";

        assertThat(CallerUrl.forwardedField(header, "host")).isEqualTo("dtk.example.com:8443");
        assertThat(CallerUrl.forwardedField(header, "Proto")).isEqualTo("https");
        assertThat(CallerUrl.forwardedField(header, "by")).isNull();
        assertThat(CallerUrl.forwardedField("for=1.2.3.4;host=", "host")).isNull();
    }
}
