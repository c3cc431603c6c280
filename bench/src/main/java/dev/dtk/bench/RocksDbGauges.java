package dev.dtk.bench;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the RocksDB stores of the engines in this JVM are doing, from the property metrics Kafka Streams
 * registers for each store (KIP-607, recorded at the default INFO level): the files, the compaction
 * backlog and the memtables waiting for a flush. RocksDB writes its own log only at Kafka Streams' level
 * (errors), so a long run that slows or stalls is read from these: a compaction backlog that keeps
 * growing, or memtables piling up behind a flush, is what makes RocksDB delay or stop writes.
 */
final class RocksDbGauges {

    private static final String QUERY = "kafka.streams:type=stream-state-metrics,*";

    private RocksDbGauges() {
    }

    /**
     * One line over every store: on-disk files, compaction backlog, compactions and flushes running, the
     * largest number of memtables waiting for a flush in one store, and background errors.
     */
    static String line() {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Double> maxima = new TreeMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(new ObjectName(QUERY), null)) {
                if (name.getKeyProperty("rocksdb-state-id") == null) {
                    continue;
                }
                for (String attribute : new String[] {"total-sst-files-size", "estimate-pending-compaction-bytes",
                        "num-running-compactions", "num-running-flushes", "num-immutable-mem-table",
                        "background-errors"}) {
                    double value = value(server, name, attribute);
                    sums.merge(attribute, value, Double::sum);
                    maxima.merge(attribute, value, Math::max);
                }
            }
        } catch (JMException e) {
            return "RocksDB: " + e;
        }
        if (sums.isEmpty()) {
            return "RocksDB: no stores in this JVM";
        }
        return String.format("RocksDB: files %s, compaction backlog %s, compactions running %.0f, flushes running"
                        + " %.0f, immutable memtables at most %.0f in a store, background errors %.0f",
                Footprint.mib(sums.get("total-sst-files-size").longValue()),
                Footprint.mib(sums.get("estimate-pending-compaction-bytes").longValue()),
                sums.get("num-running-compactions"), sums.get("num-running-flushes"),
                maxima.get("num-immutable-mem-table"), sums.get("background-errors"));
    }

    private static double value(MBeanServer server, ObjectName name, String attribute) {
        try {
            Object value = server.getAttribute(name, attribute);
            return value instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : 0;
        } catch (JMException e) {
            return 0; // not registered for this store (yet): counts as nothing
        }
    }
}
