package dev.dtk.http;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token a {@link TokenProvider} obtained, and when it expires. The worker keeps it in
 * memory until shortly before then; it is never written anywhere, and {@link #toString()} does not
 * show it.
 */
public record AccessToken(String token, Instant expiresAt) {

    public AccessToken {
        if (token == null || token.isBlank() || token.indexOf('\r') >= 0 || token.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an access token must be a non-blank string on one line");
        }
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "AccessToken[token=[redacted], expiresAt=" + expiresAt + "]";
    }
}
