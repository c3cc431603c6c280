package dev.dtk.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
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
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Path logDir = dataDir.resolve("kafka-logs");
        Map<String, String> props = new TreeMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", "2097152");
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(dataDir, props);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka data folder " + dataDir, e);
        }
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

    private static void format(Path dataDir, Map<String, String> props) throws IOException {
        Path config = dataDir.resolve("server.properties");
        Properties properties = new Properties();
        properties.putAll(props);
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "written by dtk for the local broker's storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(new String[] {
            "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString()
        }, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
