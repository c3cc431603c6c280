package dev.dtk.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) inside this JVM, for
 * {@code dtk dev} and the integration tests. Its data lives in one folder: formatted on first use,
 * kept across restarts. Settings suit one node: replication factor 1 for Kafka's internal topics
 * (transactions and consumer groups hang otherwise).
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private boolean closed;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker with its data in {@code dataDir}. A port of 0 picks a free one; the
     * controller listens on a free port of its own.
     */
    public static LocalKafka start(Path dataDir, int port) {
        List<Integer> ports = FreePorts.take(2);
        int brokerPort = port == 0 ? ports.get(0) : port;
        int controllerPort = ports.get(1);
        Map<String, String> props = BrokerSettings.node(1, 1, BrokerSettings.voters(List.of(controllerPort)),
                brokerPort, controllerPort, dataDir.resolve("kafka-logs"));
        KafkaStorage.prepare(dataDir, props, Uuid.randomUuid().toString());
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + brokerPort;
        LOG.info("Kafka broker (KRaft, in-process) listening on {}, data in {}", bootstrap, dataDir.toAbsolutePath());
        return new LocalKafka(server, bootstrap);
    }

    /**
     * Starts a broker that authorizes every request with ACLs: clients connect at {@link #bootstrapServers()}
     * with SASL/PLAIN ({@link #saslPlain}) as one of {@code users} (name to password), and only what an ACL
     * allows them is allowed; {@code superUser} (one of the users) may do anything, such as creating ACLs.
     */
    public static LocalKafka startWithAcls(Path dataDir, String superUser, Map<String, String> users) {
        if (!users.containsKey(superUser)) {
            throw new IllegalArgumentException("the super user " + superUser + " must be one of the users");
        }
        List<Integer> ports = FreePorts.take(3);
        int controllerPort = ports.get(1);
        Map<String, String> props = BrokerSettings.withAcls(BrokerSettings.node(1, 1,
                BrokerSettings.voters(List.of(controllerPort)), ports.get(2), controllerPort,
                dataDir.resolve("kafka-logs")), ports.get(0), superUser, users);
        KafkaStorage.prepare(dataDir, props, Uuid.randomUuid().toString());
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "localhost:" + ports.get(0);
        LOG.info("Kafka broker with ACLs (SASL/PLAIN, in-process) listening on {}", bootstrap);
        return new LocalKafka(server, bootstrap);
    }

    /** The Kafka client settings of user {@code name} on a broker started {@link #startWithAcls with ACLs}. */
    public static Map<String, String> saslPlain(String name, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN", "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + name
                        + "\" password=\"" + password + "\";");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
