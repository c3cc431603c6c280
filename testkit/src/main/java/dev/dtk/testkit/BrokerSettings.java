package dev.dtk.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The server settings of dtk's test brokers, in one place for every way a broker runs (in this
 * JVM, as its own process, in a container). A cluster of one keeps replication factor 1 for
 * Kafka's internal topics (transactions and consumer groups hang otherwise); a cluster of three
 * or more replicates everything three times and needs two replicas in sync to accept a write, so
 * losing one broker loses nothing and stops nothing.
 */
final class BrokerSettings {

    /**
     * How long a silent broker stays in the cluster. Kafka's default, 9 s, makes a kill slow to notice, and
     * a broker restarted after a {@code kill -9} (of {@code dtk dev}) could not register for as long: its
     * controller gives the killed incarnation's registration a session when it starts, and refuses the new
     * one as a duplicate until that session ends.
     */
    static final int SESSION_TIMEOUT_MS = 3000;

    private BrokerSettings() {
    }

    /** Replication factor of topics on a cluster of {@code brokers}: 3, or fewer when there are fewer brokers. */
    static short replicationFactor(int brokers) {
        return (short) Math.min(3, brokers);
    }

    /** Replicas that must acknowledge a write: all but one (1 on a single broker, 2 of 3). */
    static int minInSyncReplicas(int brokers) {
        return Math.max(1, replicationFactor(brokers) - 1);
    }

    /** What every broker of a cluster of {@code brokers} shares, whatever runs it. */
    static Map<String, String> shared(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("a Kafka cluster needs at least one broker, got " + brokers);
        }
        String replicas = Integer.toString(replicationFactor(brokers));
        String minIsr = Integer.toString(minInSyncReplicas(brokers));
        Map<String, String> props = new TreeMap<>();
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minIsr);
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        // a transaction's first record for a partition that arrives while the previous transaction's commit
        // markers are still being written is retried by the broker after this (Kafka's default is 20 ms): the
        // engine writes right after its commits, and its next commit waited those 20 ms (README, Benchmarks)
        props.put("add.partitions.to.txn.retry.backoff.ms", "2");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
        return props;
    }

    /** The voter set of a cluster whose node {@code i + 1} runs its controller on {@code controllerPorts[i]}. */
    static String voters(List<Integer> controllerPorts) {
        return IntStream.range(0, controllerPorts.size())
                .mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts.get(i)).collect(Collectors.joining(","));
    }

    /**
     * A complete configuration of node {@code nodeId}, a combined broker and controller listening on
     * localhost, one of {@code brokers} nodes that all vote in {@code voters}.
     */
    static Map<String, String> node(int nodeId, int brokers, String voters, int brokerPort, int controllerPort,
            Path logDir) {
        Map<String, String> props = shared(brokers);
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        return props;
    }

    /**
     * Turns the single node {@code props} (from {@link #node}, its PLAINTEXT listener on localhost kept for
     * the broker itself) into one whose clients connect on {@code saslPort} with SASL/PLAIN as one of
     * {@code users} (name to password), and whose every request is checked against ACLs
     * ({@code StandardAuthorizer}; nothing is allowed without an ACL). The broker's own listeners and
     * {@code superUser} may do anything.
     */
    static Map<String, String> withAcls(Map<String, String> props, int saslPort, String superUser,
            Map<String, String> users) {
        Map<String, String> secured = new TreeMap<>(props);
        secured.put("listeners", "SASL_PLAINTEXT://localhost:" + saslPort + "," + props.get("listeners"));
        secured.put("advertised.listeners", "SASL_PLAINTEXT://localhost:" + saslPort + ","
                + props.get("advertised.listeners"));
        secured.put("listener.security.protocol.map", props.get("listener.security.protocol.map")
                + ",SASL_PLAINTEXT:SASL_PLAINTEXT");
        secured.put("sasl.enabled.mechanisms", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
        users.forEach((name, password) -> jaas.append(" user_").append(name).append("=\"").append(password)
                .append('"'));
        secured.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.append(';').toString());
        secured.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        secured.put("allow.everyone.if.no.acl.found", "false");
        secured.put("super.users", "User:ANONYMOUS;User:" + superUser);
        return secured;
    }

    /**
     * The settings as the {@code apache/kafka} image reads them from its environment: {@code KAFKA_}
     * and the name upper-cased, with {@code .} as {@code _}, {@code _} as {@code __} and {@code -} as
     * {@code ___}.
     */
    static Map<String, String> containerEnv(Map<String, String> settings) {
        Map<String, String> env = new TreeMap<>();
        settings.forEach((name, value) -> env.put(envName(name), value));
        return env;
    }

    static String envName(String setting) {
        StringBuilder name = new StringBuilder("KAFKA_");
        for (char c : setting.toCharArray()) {
            switch (c) {
                case '.' -> name.append('_');
                case '_' -> name.append("__");
                case '-' -> name.append("___");
                default -> name.append(Character.toUpperCase(c));
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }
}
