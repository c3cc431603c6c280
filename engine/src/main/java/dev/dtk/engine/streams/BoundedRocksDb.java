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
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Off-heap memory of all stores together: block cache plus memtables. */
    static final long TOTAL_OFF_HEAP_BYTES = 128L * 1024 * 1024;
    static final long MEMTABLE_BYTES = 32L * 1024 * 1024;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        RocksDB.loadLibrary();
        CACHE = new LRUCache(TOTAL_OFF_HEAP_BYTES, -1, false, 0.1);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setCompressionType(CompressionType.LZ4_COMPRESSION);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store of the process: never closed here
    }
}
