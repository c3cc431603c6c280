package dev.dtk.engine.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where this engine's partitions stand, for an operator who adds an engine or a standby replica and
 * wants to know when it could take over: {@code dtk_engine_partitions{role}} counts the partitions it
 * runs ({@code active}) and keeps warm copies of ({@code standby}), and
 * {@code dtk_engine_store_lag_records{role}} how many changelog records their local stores are behind
 * (a standby near 0 takes over at once; an active one above 0 is still restoring). The lags take a
 * round trip to the brokers, so they are asked for in the background at most once per {@code refresh},
 * when scraped; a scrape answers the last figures at once (NaN until the first).
 */
final class ReplicaGauges {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaGauges.class);

    private final KafkaStreams streams;
    private final Recount recount;
    /** The last count, with the partitions it was made for; null before the first. */
    private volatile Lags lags;

    private record Lags(Set<Integer> actives, Set<Integer> standbys, double active, double standby) {
    }

    ReplicaGauges(KafkaStreams streams, Duration refresh) {
        this.streams = streams;
        this.recount = new Recount(refresh, "dtk-engine-replica-gauges", this::ask);
    }

    /** Registers the gauges; closing the result removes them. */
    AutoCloseable bindTo(MeterRegistry registry) {
        Gauge active = Gauge.builder("dtk.engine.partitions", this, g -> g.partitions(false).size())
                .tag("role", "active").description("Partitions this engine runs").strongReference(true)
                .register(registry);
        Gauge standby = Gauge.builder("dtk.engine.partitions", this, g -> g.partitions(true).size())
                .tag("role", "standby").description("Partitions of which this engine keeps a standby replica")
                .strongReference(true).register(registry);
        Gauge activeBehind = Gauge.builder("dtk.engine.store.lag", this, g -> g.lag(false))
                .tag("role", "active").baseUnit("records")
                .description("Changelog records the stores of the partitions this engine runs are behind (restoring)")
                .strongReference(true).register(registry);
        Gauge standbyBehind = Gauge.builder("dtk.engine.store.lag", this, g -> g.lag(true))
                .tag("role", "standby").baseUnit("records")
                .description("Changelog records the standby replicas of this engine are behind their active copies")
                .strongReference(true).register(registry);
        return () -> {
            registry.remove(active);
            registry.remove(standby);
            registry.remove(activeBehind);
            registry.remove(standbyBehind);
        };
    }

    private Set<Integer> partitions(boolean standby) {
        try {
            return streams.metadataForLocalThreads().stream()
                    .flatMap(thread -> (standby ? thread.standbyTasks() : thread.activeTasks()).stream())
                    .map(task -> task.taskId().partition()).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            // not started yet, or stopped: nothing runs here
            return Set.of();
        }
    }

    /**
     * The last count's lag of {@code standby} or active partitions, when it was made for the partitions
     * assigned now; else NaN, and a count starts at once (a count from before a rebalance, when there
     * was nothing to be behind on, must not make a new standby look current).
     */
    private double lag(boolean standby) {
        Set<Integer> now = partitions(standby);
        Lags last = lags;
        if (last == null || !now.equals(standby ? last.standbys() : last.actives())) {
            recount.again();
            return Double.NaN;
        }
        recount.ask();
        return standby ? last.standby() : last.active();
    }

    /**
     * Asks for the lags of every local store; false when Kafka Streams cannot tell now. A partition
     * that is assigned here but has no store lags yet (its task is not created: just after a
     * rebalance) leaves its role's figure unknown (NaN), not 0.
     */
    private boolean ask() {
        try {
            Set<Integer> standbys = partitions(true);
            Set<Integer> actives = partitions(false);
            Set<Integer> known = new HashSet<>();
            long active = 0;
            long standby = 0;
            for (Map<Integer, LagInfo> byPartition : streams.allLocalStorePartitionLags().values()) {
                for (Map.Entry<Integer, LagInfo> lag : byPartition.entrySet()) {
                    known.add(lag.getKey());
                    if (standbys.contains(lag.getKey())) {
                        standby += lag.getValue().offsetLag();
                    } else {
                        active += lag.getValue().offsetLag();
                    }
                }
            }
            boolean activesKnown = known.containsAll(actives);
            boolean standbysKnown = known.containsAll(standbys);
            lags = new Lags(actives, standbys, activesKnown ? active : Double.NaN,
                    standbysKnown ? standby : Double.NaN);
            return activesKnown && standbysKnown;
        } catch (RuntimeException e) {
            LOG.debug("no store lags now: {}", e.toString());
            return false;
        }
    }
}
