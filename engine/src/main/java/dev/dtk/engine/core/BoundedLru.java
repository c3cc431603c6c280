package dev.dtk.engine.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * A least-recently-used map bounded three ways: by entries, by the total weight of its values, and by
 * how long an entry may go unused. Whatever crosses a bound goes from the least recently used end and
 * is handed to {@code onEvict}, as is a value too heavy to hold at all.
 *
 * <p>The idle bound is checked on every {@link #put} and on {@link #expire}, which a caller runs on a
 * schedule; both stop at the first entry within every bound, so a check costs one look at the eldest
 * entry. Not thread-safe: one per stream task.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class BoundedLru<K, V> {

    /** A value and when it was last put or read, by the cache's clock. */
    private static final class Slot<V> {
        final V value;
        final long weight;
        long usedAt;

        Slot(V value, long weight, long usedAt) {
            this.value = value;
            this.weight = weight;
            this.usedAt = usedAt;
        }
    }

    private final int maxEntries;
    private final long maxWeight;
    private final long idleNanos;
    private final LongSupplier nanoClock;
    private final ToLongFunction<? super V> weigher;
    private final Consumer<? super V> onEvict;
    /** In the order used: a put or a read moves an entry to the end, so the eldest is the least recently used. */
    private final LinkedHashMap<K, Slot<V>> entries = new LinkedHashMap<>(256);
    private long weight;

    /**
     * @param idle how long an entry may go unused ({@code null}: no bound)
     * @param nanoClock the clock of the idle bound, in nanoseconds
     * @param weigher what a value weighs, against {@code maxWeight} ({@code null} when every put says it)
     * @param onEvict told of every value the cache lets go of or refuses, not of one removed or replaced by a caller
     */
    public BoundedLru(int maxEntries, long maxWeight, Duration idle, LongSupplier nanoClock,
            ToLongFunction<? super V> weigher, Consumer<? super V> onEvict) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.idleNanos = idle == null ? Long.MAX_VALUE : idle.toNanos();
        this.nanoClock = nanoClock;
        this.weigher = weigher;
        this.onEvict = onEvict;
    }

    /** The value of {@code key}, or null; a hit counts as a use. */
    public V get(K key) {
        Slot<V> slot = entries.get(key);
        if (slot == null) {
            return null;
        }
        slot.usedAt = nanoClock.getAsLong();
        entries.putLast(key, slot);
        return slot.value;
    }

    /** The value of {@code key}, or null, without counting as a use. */
    public V peek(K key) {
        Slot<V> slot = entries.get(key);
        return slot == null ? null : slot.value;
    }

    /**
     * Holds {@code value} for {@code key} as its most recent use, replacing what the key held, then lets go
     * of whatever crosses a bound. A value heavier than the whole cache, or any value when it may hold none,
     * goes to {@code onEvict} at once.
     */
    public void put(K key, V value) {
        put(key, value, weigher.applyAsLong(value));
    }

    /** As {@link #put(Object, Object)}, for a value whose weight the caller knows. */
    public void put(K key, V value, long valueWeight) {
        remove(key);
        if (maxEntries <= 0 || valueWeight > maxWeight) {
            onEvict.accept(value);
            return;
        }
        long now = nanoClock.getAsLong();
        entries.put(key, new Slot<>(value, valueWeight, now));
        weight += valueWeight;
        trim(now);
    }

    /** Removes and returns the value of {@code key}, or null; it is the caller's now. */
    public V remove(K key) {
        Slot<V> slot = entries.remove(key);
        if (slot == null) {
            return null;
        }
        weight -= slot.weight;
        return slot.value;
    }

    /** Lets go of the entries unused for longer than the idle bound. */
    public void expire() {
        if (!entries.isEmpty()) {
            trim(nanoClock.getAsLong());
        }
    }

    /** Lets go of every entry. */
    public void clear() {
        entries.values().forEach(slot -> onEvict.accept(slot.value));
        entries.clear();
        weight = 0;
    }

    /** How many entries are held now. */
    public int size() {
        return entries.size();
    }

    private void trim(long now) {
        Iterator<Map.Entry<K, Slot<V>>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Slot<V> slot = eldest.next().getValue();
            if (entries.size() <= maxEntries && weight <= maxWeight && now - slot.usedAt <= idleNanos) {
                return;
            }
            eldest.remove();
            weight -= slot.weight;
            onEvict.accept(slot.value);
        }
    }
}
