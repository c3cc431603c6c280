package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;

/** Each store gets the filters its reads use, on top of the shared cache and memtable budget. */
class BoundedRocksDbTest {

    private final BoundedRocksDb settings = new BoundedRocksDb();

    @Test
    void shouldFilterEveryLevelOfTheInstancesStoreWhereEveryStartLooksUpAMissingId() {
        try (Options options = kafkaStreamsDefaults()) {
            settings.setConfig(EngineTopology.INSTANCES_STORE, options, Map.of());

            assertThat(options.optimizeFiltersForHits()).isFalse();
            assertThat(table(options).filterPolicy()).isNotNull();
        }
    }

    @Test
    void shouldBuildNoFiltersForTheStoresOnlyReadByRanges() {
        for (String store : new String[] {EngineTopology.HISTORY_STORE, EngineTopology.TIMERS_STORE}) {
            try (Options options = kafkaStreamsDefaults()) {
                settings.setConfig(store, options, Map.of());

                assertThat(table(options).filterPolicy()).as(store).isNull();
            }
        }
    }

    @Test
    void shouldKeepKafkaStreamsFiltersForTheStoresReadByKey() {
        try (Options options = kafkaStreamsDefaults()) {
            settings.setConfig(EngineTopology.ENTITIES_STORE, options, Map.of());

            assertThat(options.optimizeFiltersForHits()).isTrue();
            assertThat(table(options).filterPolicy()).isNotNull();
            assertThat(table(options).cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    /** What Kafka Streams' RocksDBStore sets before it calls the config setter. */
    private static Options kafkaStreamsDefaults() {
        Options options = new Options();
        BlockBasedTableConfig table = new BlockBasedTableConfig();
        table.setFilterPolicy(new BloomFilter());
        options.setTableFormatConfig(table);
        options.setOptimizeFiltersForHits(true);
        return options;
    }

    private static BlockBasedTableConfig table(Options options) {
        return (BlockBasedTableConfig) options.tableFormatConfig();
    }
}
