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
