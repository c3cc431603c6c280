package dev.dtk.engine.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * RocksDB settings of the engine's stores. All stores of the process share one block cache and one
 * memtable budget, so memory stays bounded however many partitions (and stores) an engine owns and
 * however many instances wait; the data is LZ4-compressed on disk (Kafka Streams' default is none).
 *
 * <p>Bloom filters where reads need them. Every start looks up an instance ID that is not there yet:
 * Kafka Streams builds no filter for the last level ({@code optimize_filters_for_hits}), so that miss
 * read an index and a data block of the largest files, which outgrow the cache as instances pile up
 * (13% of the stream thread at 3.5 million waiting). The {@code instances} store has filters on every
 * level. The {@code history} and {@code timers} stores are only read by ranges, which filters cannot
 * serve: they have none, leaving the cache to the index and data blocks. Index and filter blocks get
 * half the cache at high priority, so data blocks do not evict them.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Off-heap memory of all stores together: block cache plus memtables. */
    static final long TOTAL_OFF_HEAP_BYTES = 128L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 32L * 1024 * 1024;
    /** The share of the block cache kept for index and filter blocks. */
    static final double HIGH_PRIORITY_SHARE = 0.5;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, HIGH_PRIORITY_SHARE);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        switch (storeName) {
            case EngineTopology.INSTANCES_STORE -> options.setOptimizeFiltersForHits(false);
            case EngineTopology.HISTORY_STORE, EngineTopology.TIMERS_STORE -> table.setFilterPolicy(null);
            default -> {
                // Kafka Streams' filters: the entities and traces stores are read by key, mostly hits
            }
        }
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed here
    }
}
