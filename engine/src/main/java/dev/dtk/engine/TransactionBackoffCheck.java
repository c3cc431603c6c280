package dev.dtk.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start when the brokers make a transaction's first writes wait out the commit before it.
 *
 * <p>Since transactions version 2 (Kafka 4.0) a broker adds a partition to a transaction itself when the
 * transaction's first record for it arrives. A record that arrives while the coordinator still writes the
 * previous transaction's commit markers is told "concurrent transactions", and the broker tries again after
 * {@code add.partitions.to.txn.retry.backoff.ms}: 20 ms by default. The engine commits every few
 * milliseconds and, when idle, sends a step's records at once, so the first records after a commit often
 * arrive in that window; the next commit then waits 20 ms or more for them, and with it every end, every
 * due timer and every step of that stream thread. dtk's own brokers set 2 ms; a cluster with more is
 * named in a warning.
 */
final class TransactionBackoffCheck {

    static final String SETTING = "add.partitions.to.txn.retry.backoff.ms";
    /** What dtk's own brokers set, and what the warning advises. */
    static final int ADVISED_MS = 2;
    /** A backoff above this is worth a warning. */
    static final int WARN_ABOVE_MS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(TransactionBackoffCheck.class);
    /** The most the whole check may add to an engine's start: it is advice, not a requirement. */
    private static final long TIMEOUT_MILLIS = 5_000;

    private TransactionBackoffCheck() {
    }

    /**
     * Reads the setting from every broker and warns if any holds transactions back; says nothing more than a
     * debug line when it cannot read it (a principal without DescribeConfigs on the cluster, an old broker).
     */
    static void warnIfSlow(Admin admin) {
        try {
            advice(read(admin)).ifPresent(LOG::warn);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot read the brokers' {}: {}", SETTING, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each broker's backoff in milliseconds, by broker ID; brokers that do not know the setting are left out. */
    static Map<String, Integer> read(Admin admin) throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        Collection<Node> nodes = admin.describeCluster().nodes().get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        List<ConfigResource> brokers = nodes.stream()
                .map(node -> new ConfigResource(ConfigResource.Type.BROKER, node.idString())).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(brokers).all()
                .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        Map<String, Integer> backoffs = new TreeMap<>();
        configs.forEach((broker, config) -> {
            ConfigEntry entry = config.get(SETTING);
            if (entry != null && entry.value() != null) {
                backoffs.put(broker.name(), Integer.valueOf(entry.value()));
            }
        });
        return backoffs;
    }

    /** The warning for these backoffs (broker ID to milliseconds), if any is above {@link #WARN_ABOVE_MS}. */
    static Optional<String> advice(Map<String, Integer> backoffs) {
        String named = backoffs.entrySet().stream().filter(e -> e.getValue() > WARN_ABOVE_MS)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "broker " + e.getKey() + ": " + e.getValue() + " ms")
                .collect(Collectors.joining(", "));
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the brokers retry adding a partition to a transaction only after " + SETTING + " ("
                + named + "): records the engine sends right after a commit may wait that long, and its next"
                + " commit with them (ends, due timers and steps of that stream thread); set " + SETTING + "="
                + ADVISED_MS + " on the brokers, as dtk's own brokers do");
    }
}
