package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.core.InstanceState;
import dev.dtk.topics.message.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The parsed-instance cache: what an instance weighs, and that a read keeps it (the bounds are {@code BoundedLruTest}'s). */
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
    void shouldWeighAnInstanceByItsHistoryAndItsRecord() {
        InstanceCache cache = new InstanceCache(100, 3 * (1024 + 100 + 1000), Duration.ofSeconds(1), clock::get);
        cache.put("a", cached(1000));
        cache.put("b", cached(1000));
        cache.put("c", cached(1000));
        assertThat(cache.size()).isEqualTo(3);

        cache.put("d", cached(1000));

        assertThat(cache.get("a")).as("least recently used").isNull();
        assertThat(cache.size()).isEqualTo(3);
        cache.put("huge", cached(10_000));
        assertThat(cache.get("huge")).as("larger than the whole cache: not kept").isNull();
    }

    @Test
    void shouldForgetAnInstanceUnusedLongerThanTheIdleBound() {
        InstanceCache cache = new InstanceCache(100, Long.MAX_VALUE, Duration.ofSeconds(1), clock::get);
        cache.put("quiet", cached(10));
        cache.put("read", cached(10));
        advance(700);
        assertThat(cache.get("read")).as("a read refreshes it").isNotNull();
        advance(700);

        cache.expire();

        assertThat(cache.get("quiet")).as("1.4 s unused").isNull();
        assertThat(cache.get("read")).as("0.7 s since its read").isNotNull();
    }
}
