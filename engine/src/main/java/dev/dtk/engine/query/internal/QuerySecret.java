package dev.dtk.engine.query.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret of the engines' query endpoint: callers (gateways, clients, other engines
 * forwarding a query) present it as {@code Authorization: Bearer <secret>}. The presented value is
 * compared in constant time, so timing tells nothing about the secret. Without a secret the endpoint
 * is open, which the engine allows only on a loopback address.
 */
public final class QuerySecret {

    public static final String HEADER = "Authorization";
    private static final String BEARER = "Bearer ";

    private final String secret;
    private final byte[] expected;

    private QuerySecret(String secret) {
        this.secret = secret;
        this.expected = secret == null ? null : (BEARER + secret).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code secret}, or none when it is null or blank. */
    public static QuerySecret of(String secret) {
        return new QuerySecret(secret == null || secret.isBlank() ? null : secret);
    }

    public boolean required() {
        return expected != null;
    }

    /** Whether {@code authorization} (the header's value, null when absent) may query. */
    public boolean allows(String authorization) {
        if (expected == null) {
            return true;
        }
        byte[] presented = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, presented);
    }

    /** The header value to present to another engine; null when no secret is configured. */
    public String header() {
        return secret == null ? null : BEARER + secret;
    }
}
