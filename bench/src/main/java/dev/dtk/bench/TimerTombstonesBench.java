package dev.dtk.bench;

import dev.dtk.engine.streams.BoundedRocksDb;
import dev.dtk.engine.streams.EngineTopology;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.Stores;
import org.rocksdb.Options;
import org.rocksdb.TablePropertiesCollectorFactory;

/**
 * The engine's {@code timers} store as a queue, without a broker: Kafka Streams' own RocksDB store with
 * the engine's settings ({@link BoundedRocksDb}), {@code pending} timers set, then {@code fired} times
 * the earliest deleted (it fired) and one more set at the end (a new verification), the store flushed
 * every {@value #FLUSH_EVERY} fires as commits flush it. Every {@value #PROBE_EVERY} fires it times a
 * read from the start of the store up to now, as the engine's occasional full sweep does: it finds
 * nothing due and steps over the tombstones of every timer fired and not yet compacted away. Run once
 * with the engine's settings and once with RocksDB's compact-on-deletion collector added, the setting
 * made for such queues.
 */
final class TimerTombstonesBench {

    static final int FLUSH_EVERY = 10_000;
    static final int PROBE_EVERY = 50_000;
    private static final long BASE = 1_800_000_000_000L;

    private TimerTombstonesBench() {
    }

    /**
     * The engine's settings plus RocksDB's compact-on-deletion collector: a file written with many
     * tombstones close together is marked for compaction at once. Measured here, not used by the engine.
     */
    public static final class CompactOnDeletion implements RocksDBConfigSetter {

        private final BoundedRocksDb engine = new BoundedRocksDb();
        private TablePropertiesCollectorFactory collector;

        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            engine.setConfig(storeName, options, configs);
            collector = TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(1_000, 500, 0.5);
            options.setTablePropertiesCollectorFactory(List.of(collector));
        }

        @Override
        public void close(String storeName, Options options) {
            engine.close(storeName, options);
            collector.close();
        }
    }

    /** Both runs; returns the table's rows. */
    static List<String> run(PrintStream out, int pending, int fired) throws Exception {
        out.printf("dtk bench timer-tombstones: the timers store (Kafka Streams' RocksDB store, the engine's settings),"
                + " %,d pending, %,d fired one by one while as many are set; flushed every %,d fires; a read from"
                + " the start of the store every %,d fires%n", pending, fired, FLUSH_EVERY, PROBE_EVERY);
        List<String> rows = new ArrayList<>();
        for (Class<? extends RocksDBConfigSetter> setter : List.of(BoundedRocksDb.class, CompactOnDeletion.class)) {
            String name = setter == BoundedRocksDb.class ? "the engine's settings"
                    : "the engine's settings + compact-on-deletion (window 1,000 entries, 500 tombstones or half the file)";
            out.printf("timer-tombstones: %s...%n", name);
            rows.add(queue(setter, name, pending, fired));
        }
        return rows;
    }

    private static String queue(Class<? extends RocksDBConfigSetter> setter, String name, int pending, int fired)
            throws Exception {
        Path dir = BenchHome.create("dtk-bench-tombstones");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "dtk-bench-tombstones");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, setter);
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(config, new TaskId(0, 0),
                dir.toFile());
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EngineTopology.TIMERS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        byte[] value = new byte[24];
        List<Double> probes = new ArrayList<>();
        long began = System.nanoTime();
        try {
            for (int i = 0; i < pending; i++) {
                store.put(key(i), value);
            }
            store.flush();
            for (int f = 0; f < fired; f++) {
                store.delete(key(f));
                store.put(key(pending + f), value);
                if ((f + 1) % FLUSH_EVERY == 0) {
                    store.flush();
                }
                if ((f + 1) % PROBE_EVERY == 0) {
                    probes.add(sweepFromStart(store, BASE + f));
                }
            }
        } finally {
            store.close();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        List<Double> late = probes.subList(probes.size() / 2, probes.size());
        StringBuilder series = new StringBuilder();
        for (int p = 0; p < probes.size(); p++) {
            series.append(p == 0 ? "" : ", ").append(String.format("%.1f", probes.get(p)));
        }
        return String.format("| %s | read from the start, second half of the run: median %.1f ms, max %.1f ms;"
                + " all %d reads (ms, every %,d fires): %s; the %,d puts and %,d deletes took %.1f s |", name,
                Percentiles.median(late.stream().mapToDouble(Double::doubleValue).toArray()),
                late.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), probes.size(), PROBE_EVERY,
                series, pending + fired, fired, seconds);
    }

    /** Milliseconds for a range from the first key up to {@code nowMillis}, as the engine's full sweep reads. */
    private static double sweepFromStart(KeyValueStore<Bytes, byte[]> store, long nowMillis) {
        long start = System.nanoTime();
        int due = 0;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[8]), upTo(nowMillis))) {
            while (it.hasNext()) {
                it.next();
                due++;
            }
        }
        if (due != 0) {
            throw new IllegalStateException(due + " timers still due after they were all deleted");
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** The engine's timer key layout: due time (8 bytes, big-endian), instance ID, a zero byte, timer ID. */
    private static Bytes key(int i) {
        byte[] id = ("verify-" + i).getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length + 1 + 4).putLong(BASE + i).put(id).put((byte) 0)
                .putInt(0).array());
    }

    private static Bytes upTo(long nowMillis) {
        return Bytes.wrap(ByteBuffer.allocate(9).putLong(nowMillis).put((byte) 0xFF).array());
    }
}
