package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The three bounds of the engine's caches: entries, weight, and how long an entry may go unused. */
class BoundedLruTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<String> evicted = new ArrayList<>();

    /** A cache of strings, each weighing its length. */
    private BoundedLru<String, String> cache(int maxEntries, long maxWeight, Duration idle) {
        return new BoundedLru<>(maxEntries, maxWeight, idle, clock::get, String::length, evicted::add);
    }

    private void advance(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void shouldLetGoOfAnEntryUnusedLongerThanTheIdleBoundAndKeepOneReadSince() {
        BoundedLru<String, String> cache = cache(100, Long.MAX_VALUE, Duration.ofSeconds(1));
        cache.put("quiet", "q");
        cache.put("read", "r");
        advance(700);
        assertThat(cache.get("read")).as("a read refreshes it").isEqualTo("r");
        advance(700);

        cache.expire();

        assertThat(evicted).containsExactly("q");
        assertThat(cache.peek("quiet")).as("1.4 s unused").isNull();
        assertThat(cache.peek("read")).as("0.7 s since its read").isEqualTo("r");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void shouldNotCountAPeekAsAUse() {
        BoundedLru<String, String> cache = cache(100, Long.MAX_VALUE, Duration.ofSeconds(1));
        cache.put("a", "a");
        advance(700);
        assertThat(cache.peek("a")).isEqualTo("a");
        advance(700);

        cache.expire();

        assertThat(cache.peek("a")).isNull();
        assertThat(evicted).containsExactly("a");
    }

    @Test
    void shouldLetIdleEntriesGoWhenAnotherIsPutWithoutWaitingForExpire() {
        BoundedLru<String, String> cache = cache(100, Long.MAX_VALUE, Duration.ofMillis(500));
        cache.put("a", "a");
        advance(300);
        cache.put("b", "b");
        advance(300);
        cache.put("c", "c");

        assertThat(evicted).containsExactly("a");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void shouldBoundByEntriesLeastRecentlyUsedFirstAndHaveNoIdleBoundWhenNoneIsGiven() {
        BoundedLru<String, String> cache = cache(2, Long.MAX_VALUE, null);
        cache.put("a", "a");
        cache.put("b", "b");
        cache.get("a");
        cache.put("c", "c");

        assertThat(evicted).as("least recently used").containsExactly("b");
        advance(Duration.ofDays(1).toMillis());
        cache.expire();
        assertThat(cache.size()).as("no idle bound").isEqualTo(2);
    }

    @Test
    void shouldBoundByWeightAndRefuseAValueHeavierThanTheWholeCache() {
        BoundedLru<String, String> cache = cache(100, 9, Duration.ofSeconds(1));
        cache.put("a", "aaa");
        cache.put("b", "bbb");
        cache.put("c", "ccc");
        cache.put("d", "ddd");
        assertThat(evicted).containsExactly("aaa");
        assertThat(cache.size()).isEqualTo(3);

        cache.put("huge", "0123456789");

        assertThat(cache.peek("huge")).isNull();
        assertThat(evicted).as("refused at once, nothing else let go").containsExactly("aaa", "0123456789");
        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void shouldBoundByTheWeightACallerGivesWhenTheCacheHasNoWeigher() {
        BoundedLru<String, String> cache = new BoundedLru<>(100, 10, null, clock::get, null, evicted::add);
        cache.put("a", "a", 4);
        cache.put("b", "b", 4);
        cache.put("c", "c", 4);
        assertThat(evicted).as("4 + 4 + 4 crosses 10: the eldest goes").containsExactly("a");

        cache.put("d", "d", 11);

        assertThat(evicted).as("heavier than the whole cache: refused").containsExactly("a", "d");
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void shouldReplaceWithoutEvictingAndHandBackARemovedValueToItsCaller() {
        BoundedLru<String, String> cache = cache(100, 6, null);
        cache.put("a", "aaa");
        cache.put("a", "AAA");
        cache.put("b", "bbb");
        assertThat(evicted).as("the replaced weight no longer counts").isEmpty();

        assertThat(cache.remove("a")).isEqualTo("AAA");
        assertThat(cache.remove("a")).isNull();
        cache.clear();

        assertThat(evicted).as("only what was held at the clear").containsExactly("bbb");
        assertThat(cache.size()).isZero();
    }
}
