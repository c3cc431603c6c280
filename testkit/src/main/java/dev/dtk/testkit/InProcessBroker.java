package dev.dtk.testkit;

import java.util.HashMap;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A combined KRaft broker and controller inside this JVM: cheap to start, cannot be killed. It stops
 * without Kafka's controlled shutdown: brokers of one cluster that close together would otherwise
 * wait up to five minutes for a controller approval that the closed controllers can no longer give
 * (seen here); the others take a stopped broker's partitions over within the session timeout.
 */
final class InProcessBroker implements ClusterBroker {

    private final int nodeId;
    private final Map<String, String> settings;
    private volatile KafkaRaftServer server;

    InProcessBroker(int nodeId, Map<String, String> settings) {
        this.nodeId = nodeId;
        Map<String, String> inJvm = new HashMap<>(settings);
        // brokers sharing a JVM would register the same MBeans (Kafka's metrics are JVM-global)
        inJvm.put("metrics.jmx.exclude", ".*");
        inJvm.put("controlled.shutdown.enable", "false");
        this.settings = Map.copyOf(inJvm);
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    /** Blocks until the broker is part of the cluster, which needs a quorum of controllers. */
    @Override
    public void start() {
        KafkaRaftServer started = new KafkaRaftServer(new KafkaConfig(settings, false), Time.SYSTEM);
        started.startup();
        server = started;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void kill() {
        throw new UnsupportedOperationException("broker " + nodeId + " runs inside the test JVM and cannot be"
                + " killed: start the cluster with TestKafkaCluster.startKillable to kill brokers");
    }

    @Override
    public boolean killable() {
        return false;
    }

    @Override
    public void close() {
        stop();
    }
}
