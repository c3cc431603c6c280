package dev.dtk.gateway.internal;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The scheme and host a caller used, for the URLs the gateway hands back (they carry
 * {@code code=<key>}, so they must point where the caller meant). From a trusted proxy, its
 * {@code X-Forwarded-Host}/{@code X-Forwarded-Proto} or standard {@code Forwarded} header says
 * it; from anyone else those headers are ignored and the request's own Host header and scheme count.
 */
public final class CallerUrl {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-_~:\\[\\]%]+");

    private final TrustedProxies proxies;

    public CallerUrl(TrustedProxies proxies) {
        this.proxies = proxies;
    }

    /** {@code scheme://host[:port]} of the caller's view of the gateway. */
    public String of(HttpServerExchange exchange) {
        String host = null;
        String proto = null;
        if (proxies.trusts(address(exchange.getConnection().getPeerAddress()))) {
            host = validHost(first(exchange.getRequestHeaders().get("X-Forwarded-Host")));
            proto = validProto(first(exchange.getRequestHeaders().get("X-Forwarded-Proto")));
            String forwarded = exchange.getRequestHeaders().getFirst(Headers.FORWARDED);
            if (forwarded != null) {
                host = host != null ? host : validHost(forwardedField(forwarded, "host"));
                proto = proto != null ? proto : validProto(forwardedField(forwarded, "proto"));
            }
        }
        return (proto == null ? exchange.getRequestScheme() : proto) + "://"
                + (host == null ? exchange.getHostAndPort() : host);
    }

    private static InetAddress address(SocketAddress peer) {
        return peer instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }

    private static String first(HeaderValues values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.getFirst().split(",")[0].trim();
        return value.isEmpty() ? null : value;
    }

    /** A field of the first element of a {@code Forwarded} header (RFC 7239), unquoted. */
    static String forwardedField(String header, String name) {
        String firstElement = header.split(",")[0];
        for (String pair : firstElement.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static String validHost(String host) {
        return host != null && HOST.matcher(host).matches() ? host : null;
    }

    private static String validProto(String proto) {
        if (proto == null) {
            return null;
        }
        String lower = proto.toLowerCase(Locale.ROOT);
        return lower.equals("http") || lower.equals("https") ? lower : null;
    }
}
