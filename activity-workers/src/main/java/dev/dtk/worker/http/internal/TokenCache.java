package dev.dtk.worker.http.internal;

import dev.dtk.http.AccessToken;
import dev.dtk.http.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Tokens by source, in memory only: a token is used until shortly before it expires (a quarter of
 * its lifetime, at most five minutes, before), then obtained afresh. Requests that need the same
 * token at once wait for one fetch instead of each asking the endpoint.
 */
final class TokenCache {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final Function<TokenSource, AccessToken> fetch;
    private final Clock clock;
    private final Map<TokenSource, Slot> slots = new ConcurrentHashMap<>();

    private static final class Slot {
        final ReentrantLock lock = new ReentrantLock();
        AccessToken token;
        Instant renewAt;
    }

    TokenCache(Function<TokenSource, AccessToken> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    /** The token of {@code source}; obtains one when none is cached or it is about to expire. */
    String token(TokenSource source) {
        Slot slot = slots.computeIfAbsent(source, s -> new Slot());
        slot.lock.lock();
        try {
            Instant now = clock.instant();
            if (slot.token == null || !now.isBefore(slot.renewAt)) {
                slot.token = null;
                AccessToken fresh = fetch.apply(source);
                Duration lifetime = Duration.between(now, fresh.expiresAt());
                Duration margin = lifetime.isNegative() ? Duration.ZERO : lifetime.dividedBy(4);
                slot.renewAt = fresh.expiresAt().minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : margin);
                slot.token = fresh;
            }
            return slot.token.token();
        } finally {
            slot.lock.unlock();
        }
    }
}
