package dev.dtk.engine.telemetry;

import dev.dtk.engine.streams.EngineTopology;
import dev.dtk.engine.streams.StoreCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dtk_engine_timers_pending} and {@code dtk_engine_events_buffered}: counts over the stores of
 * the partitions this engine owns (sum them over engines). They take full scans, so they are counted
 * in the background at most once per {@code refresh}, when scraped; a scrape answers the last count
 * at once (NaN until the first is known).
 */
final class StoreGauges {

    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);

    private final KafkaStreams streams;
    private final Recount recount;
    private volatile double timers = Double.NaN;
    private volatile double buffered = Double.NaN;

    StoreGauges(KafkaStreams streams, Duration refresh) {
        this.streams = streams;
        this.recount = new Recount(refresh, "dtk-engine-store-gauges", this::count);
    }

    /** Registers the gauges; closing the result removes them (an engine started again in the process binds anew). */
    AutoCloseable bindTo(MeterRegistry registry) {
        Gauge timers = Gauge.builder("dtk.engine.timers.pending", this, g -> g.fresh().timers)
                .description("Durable timers waiting in this engine's timer store (counted at most every 30 s)")
                .strongReference(true).register(registry);
        Gauge events = Gauge.builder("dtk.engine.events.buffered", this, g -> g.fresh().buffered)
                .description("External events held for suspended instances of this engine, delivered on resume"
                        + " (counted at most every 30 s)")
                .strongReference(true).register(registry);
        return () -> {
            registry.remove(timers);
            registry.remove(events);
        };
    }

    private StoreGauges fresh() {
        recount.ask();
        return this;
    }

    /** Counts both figures; false while the stores cannot be read (not running, or rebalancing). */
    private boolean count() {
        try {
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            timers = StoreCounts.entries(streams.store(StoreQueryParameters.fromNameAndType(
                    EngineTopology.TIMERS_STORE, QueryableStoreTypes.<Bytes, byte[]>keyValueStore())));
            buffered = StoreCounts.bufferedEvents(streams.store(StoreQueryParameters.fromNameAndType(
                    EngineTopology.INSTANCES_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore())));
            return true;
        } catch (InvalidStateStoreException e) {
            LOG.debug("stores not queryable now (rebalancing): {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("could not count timers and buffered events: {}", e.toString());
        }
        return false;
    }
}
