package dev.dtk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A combined KRaft broker and controller in an {@code apache/kafka} container, one node of a cluster
 * on a Testcontainers network, configured through the image's documented {@code KAFKA_*} variables
 * (as Testcontainers' own Kafka cluster example does). Its client port is bound to a fixed host port
 * chosen up front, so that the address it advertises stays right when the container is started again
 * after a stop or a kill (Docker may hand out another random port on a restart).
 */
final class BrokerContainer implements ClusterBroker {

    /** The controller listener of Testcontainers' {@link KafkaContainer}. */
    private static final int CONTROLLER_PORT = 9094;
    /** Stops the broker's JVM with SIGTERM: Kafka's controlled shutdown. The pattern does not match this shell. */
    private static final String STOP_BROKER = "for p in /proc/[0-9]*; do grep -q 'kafka[.]Kafka' $p/cmdline"
            + " 2>/dev/null && kill -TERM ${p#/proc/}; done; true";

    private final int nodeId;
    private final KafkaContainer container;
    private boolean created;

    BrokerContainer(int nodeId, int brokers, DockerImageName image, Network network, String clusterId, int hostPort) {
        this.nodeId = nodeId;
        this.container = new KafkaContainer(image)
                .withNetwork(network)
                .withNetworkAliases(alias(nodeId))
                .withEnv(BrokerSettings.containerEnv(BrokerSettings.shared(brokers)))
                .withEnv("CLUSTER_ID", clusterId)
                .withEnv("KAFKA_NODE_ID", Integer.toString(nodeId))
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters(brokers))
                .withEnv("KAFKA_HEAP_OPTS", "-Xms256m -Xmx512m")
                .withStartupTimeout(Duration.ofMinutes(2));
        container.setPortBindings(List.of(hostPort + ":9092"));
    }

    static String alias(int nodeId) {
        return "dtk-kafka-" + nodeId;
    }

    /** Every node votes; each is reached on the network by its alias. */
    static String voters(int brokers) {
        return IntStream.rangeClosed(1, brokers).mapToObj(id -> id + "@" + alias(id) + ":" + CONTROLLER_PORT)
                .collect(Collectors.joining(","));
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    /** The first start waits for the broker to run (which needs a quorum); a restart returns at once. */
    @Override
    public synchronized void start() {
        if (!created) {
            container.start();
            created = true;
        } else {
            container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
        }
    }

    /** SIGTERM to the broker's JVM (Kafka's controlled shutdown), SIGKILL when it has not exited after 60 s. */
    @Override
    public synchronized void stop() {
        if (container.isRunning()) {
            try {
                container.execInContainer("sh", "-c", STOP_BROKER);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop Kafka broker " + nodeId + " in its container", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping Kafka broker " + nodeId, e);
            }
            if (!Deadline.within(Duration.ofSeconds(60), "Kafka broker " + nodeId + " stopping", this::exited)) {
                kill();
            }
        }
    }

    /** {@code docker kill}: SIGKILL to the container's processes. */
    @Override
    public synchronized void kill() {
        if (container.isRunning()) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
            awaitExit(Duration.ofSeconds(30));
        }
    }

    @Override
    public boolean killable() {
        return true;
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void checkAlive() {
        if (created && !container.isRunning()) {
            throw new IllegalStateException("the container of Kafka broker " + nodeId + " stopped; its log:\n"
                    + container.getLogs());
        }
    }

    @Override
    public synchronized void close() {
        container.stop();
    }

    private boolean exited() {
        return !container.isRunning();
    }

    private void awaitExit(Duration timeout) {
        Deadline.await(timeout, "the container of Kafka broker " + nodeId + " exiting", this::exited);
    }
}
