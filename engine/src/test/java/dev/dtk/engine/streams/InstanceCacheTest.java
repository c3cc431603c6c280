package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The parsed-instance cache's bounds: count, bytes, and how long an instance may go unused. */
class InstanceCacheTest {

    private static final Instant AT = Instant.parse("2026-12-02T09:00:00Z");

    private final AtomicLong clock = new AtomicLong();

    private static InstanceCache.Cached cached(long historyBytes) {
        InstanceState state = new InstanceState("Flow", "e1", 0, null, RuntimeStatus.Running, AT, AT, null, null, null,
                null, historyBytes, List.of(), List.of());
        return new InstanceCache.Cached(state, new byte[100], 0, 0);
    }

    private void advance(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void shouldForgetAnInstanceUnusedLongerThanTheIdleBoundAndKeepOneReadSince() {
        InstanceCache cache = new InstanceCache(100, Long.MAX_VALUE, Duration.ofSeconds(1), clock::get);
        cache.put("quiet", cached(10));
        cache.put("read", cached(10));
        advance(700);
        assertThat(cache.get("read")).as("a read refreshes it").isNotNull();
        advance(700);

        cache.expire();

        assertThat(cache.get("quiet")).as("1.4 s unused").isNull();
        assertThat(cache.get("read")).as("0.7 s since its read").isNotNull();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldForgetIdleInstancesWhenAnotherIsPutWithoutWaitingForExpire() {
        InstanceCache cache = new InstanceCache(100, Long.MAX_VALUE, Duration.ofMillis(500), clock::get);
        cache.put("a", cached(10));
        advance(300);
        cache.put("b", cached(10));
        advance(300);
        cache.put("c", cached(10));

        assertThat(cache.get("a")).isNull();
        assertThat(cache.get("b")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
    }

    @Test
    void shouldStillBoundByCountAndBytesLeastRecentlyUsedFirst() {
        InstanceCache byCount = new InstanceCache(2, Long.MAX_VALUE, null, clock::get);
        byCount.put("a", cached(10));
        byCount.put("b", cached(10));
        byCount.get("a");
        byCount.put("c", cached(10));
        assertThat(byCount.get("b")).as("least recently used").isNull();
        assertThat(byCount.get("a")).isNotNull();
        advance(Duration.ofDays(1).toMillis());
        byCount.expire();
        assertThat(byCount.size()).as("no idle bound").isEqualTo(2);

        InstanceCache byBytes = new InstanceCache(100, 3 * (1024 + 100 + 1000), Duration.ofSeconds(1), clock::get);
        byBytes.put("a", cached(1000));
        byBytes.put("b", cached(1000));
        byBytes.put("c", cached(1000));
        byBytes.put("d", cached(1000));
        assertThat(byBytes.get("a")).isNull();
        assertThat(byBytes.size()).isEqualTo(3);
        byBytes.put("huge", cached(10_000));
        assertThat(byBytes.get("huge")).as("larger than the whole cache: not kept").isNull();
    }
}
