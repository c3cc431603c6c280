package dev.dtk.testkit;

import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A Kafka cluster of several brokers for the tests that need replication: each broker is a combined
 * KRaft broker and controller, all of them vote, and dtk's topics and Kafka's internal topics are
 * replicated three times with two replicas in sync required for a write (so one broker may be down).
 * Where the brokers run follows {@link KafkaMode}:
 * <ul>
 *   <li>{@link #start}: in this JVM (embedded) or in containers;</li>
 *   <li>{@link #startKillable}: each broker its own OS process (embedded) or a container, so that
 *       {@link #killBroker} can kill it with SIGKILL.</li>
 * </ul>
 * Brokers are numbered 1 to {@link #brokerCount()}, their Kafka {@code node.id}.
 *
 * <pre>{@code
 * try (TestKafkaCluster kafka = TestKafkaCluster.startKillable(tempDir, 3)) {
 *     kafka.createTopics(4, List.of("default"));
 *     kafka.killBroker(2);   // writes with acks=all go on: two replicas are still in sync
 *     kafka.startBroker(2);  // returns once broker 2 is back in the cluster
 * }
 * }</pre>
 */
public final class TestKafkaCluster implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(90);

    private final KafkaMode mode;
    private final List<ClusterBroker> brokers;
    private final boolean[] running;
    private final String bootstrapServers;
    private final Admin admin;
    private final AutoCloseable network;

    private TestKafkaCluster(KafkaMode mode, List<ClusterBroker> brokers, String bootstrapServers,
            AutoCloseable network) {
        this.mode = mode;
        this.brokers = List.copyOf(brokers);
        this.running = new boolean[brokers.size() + 1];
        this.bootstrapServers = bootstrapServers;
        this.network = network;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Starts {@code brokers} brokers, in this JVM or in containers; their data lives under {@code dataDir}. */
    public static TestKafkaCluster start(Path dataDir, int brokers) {
        return start(dataDir, brokers, false);
    }

    /** Starts {@code brokers} brokers that {@link #killBroker} can kill: OS processes or containers. */
    public static TestKafkaCluster startKillable(Path dataDir, int brokers) {
        return start(dataDir, brokers, true);
    }

    private static TestKafkaCluster start(Path dataDir, int count, boolean killable) {
        BrokerSettings.shared(count); // refuses a cluster of no broker
        KafkaMode mode = KafkaMode.current();
        TestKafkaCluster cluster = mode == KafkaMode.EMBEDDED ? embedded(dataDir, count, killable) : containers(count);
        try {
            cluster.startAll();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private static TestKafkaCluster embedded(Path dataDir, int count, boolean killable) {
        List<Integer> ports = FreePorts.take(2 * count);
        List<Integer> brokerPorts = ports.subList(0, count);
        List<Integer> controllerPorts = ports.subList(count, 2 * count);
        String voters = BrokerSettings.voters(controllerPorts);
        String clusterId = Uuid.randomUuid().toString();
        List<ClusterBroker> brokers = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            Path dir = dataDir.resolve("broker-" + id);
            Map<String, String> settings = BrokerSettings.node(id, count, voters, brokerPorts.get(id - 1),
                    controllerPorts.get(id - 1), dir.resolve("kafka-logs"));
            Path config = KafkaStorage.prepare(dir, settings, clusterId);
            brokers.add(killable ? new BrokerProcess(id, dir, config) : new InProcessBroker(id, settings));
        }
        String bootstrap = brokerPorts.stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
        return new TestKafkaCluster(KafkaMode.EMBEDDED, brokers, bootstrap, null);
    }

    private static TestKafkaCluster containers(int count) {
        Docker.require();
        Network network = Network.newNetwork();
        String clusterId = Uuid.randomUuid().toString();
        List<Integer> hostPorts = FreePorts.take(count);
        List<ClusterBroker> brokers = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            brokers.add(new BrokerContainer(id, count, TestKafka.image(), network, clusterId, hostPorts.get(id - 1)));
        }
        String host = DockerClientFactory.instance().dockerHostIpAddress();
        String bootstrap = hostPorts.stream().map(port -> host + ":" + port).collect(Collectors.joining(","));
        return new TestKafkaCluster(KafkaMode.CONTAINER, brokers, bootstrap, network::close);
    }

    /** Starts every broker at once (none can finish starting before a quorum of controllers runs). */
    private void startAll() {
        List<CompletableFuture<Void>> starts = brokers.stream()
                .map(broker -> inOwnThread("kafka-broker-" + broker.nodeId() + "-start", broker::start)).toList();
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).get(READY.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka brokers did not start within " + READY.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Kafka brokers", e);
        }
        brokers.forEach(broker -> running[broker.nodeId()] = true);
        awaitInCluster(brokers);
    }

    public KafkaMode mode() {
        return mode;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int brokerCount() {
        return brokers.size();
    }

    /** Whether {@link #killBroker} works: the brokers run as processes or containers, not in this JVM. */
    public boolean killable() {
        return brokers.getFirst().killable();
    }

    /**
     * Stops broker {@code nodeId} cleanly and returns once it is down. A broker that runs as a process
     * or a container hands its partitions over first (Kafka's controlled shutdown, as in a rolling
     * restart); for one in this JVM the others take over within {@value BrokerSettings#SESSION_TIMEOUT_MS} ms.
     */
    public synchronized void stopBroker(int nodeId) {
        broker(nodeId, true).stop();
        running[nodeId] = false;
    }

    /**
     * Kills broker {@code nodeId} at once, as {@code kill -9} does. The others notice within
     * {@value BrokerSettings#SESSION_TIMEOUT_MS} ms and take over its partitions.
     *
     * @throws UnsupportedOperationException when the brokers run in this JVM (see {@link #startKillable})
     */
    public synchronized void killBroker(int nodeId) {
        broker(nodeId, true).kill();
        running[nodeId] = false;
    }

    /**
     * Starts broker {@code nodeId} again on its data, and returns once the cluster counts it in again.
     * Right after a kill this first waits (up to {@value BrokerSettings#SESSION_TIMEOUT_MS} ms) for the
     * cluster to count the killed broker out, so that it is the new broker that is awaited.
     */
    public synchronized void startBroker(int nodeId) {
        ClusterBroker broker = broker(nodeId, false);
        Deadline.await(READY, "the cluster counting broker " + nodeId + " out",
                () -> listed().filter(ids -> !ids.contains(nodeId)).isPresent());
        broker.start();
        running[nodeId] = true;
        awaitInCluster(List.of(broker));
    }

    /** The brokers the cluster counts in (alive and not fenced), by node id. */
    public Set<Integer> brokersInCluster() {
        return listed().orElseThrow(() -> new IllegalStateException("the Kafka cluster at " + bootstrapServers
                + " did not say which brokers it has within 10 s"));
    }

    private Optional<Set<Integer>> listed() {
        try {
            return Optional.of(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id)
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (ExecutionException | TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the cluster for its brokers", e);
        }
    }

    /** Creates dtk's topics for {@code queues}, replicated on three brokers (or all, when fewer). */
    public void createTopics(int partitions, Collection<String> queues) {
        new TopicProvisioner(admin).ensure(Topics.all(partitions, BrokerSettings.replicationFactor(brokers.size()),
                queues));
    }

    @Override
    public synchronized void close() {
        admin.close(Duration.ofSeconds(5));
        List<CompletableFuture<Void>> stops = brokers.stream()
                .map(broker -> inOwnThread("kafka-broker-" + broker.nodeId() + "-close", broker::close)).toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> stop : stops) {
            try {
                stop.join();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            if (network != null) {
                network.close();
            }
        } catch (Exception e) {
            failure = failure == null ? new IllegalStateException("cannot remove the brokers' network", e) : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Brokers start and stop in parallel, each blocking its own thread for seconds. */
    private static CompletableFuture<Void> inOwnThread(String name, Runnable task) {
        return CompletableFuture.runAsync(task, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            thread.start();
        });
    }

    private ClusterBroker broker(int nodeId, boolean mustRun) {
        if (nodeId < 1 || nodeId > brokers.size()) {
            throw new IllegalArgumentException("no broker " + nodeId + ": the brokers are 1 to " + brokers.size());
        }
        if (running[nodeId] != mustRun) {
            throw new IllegalStateException("broker " + nodeId + (mustRun ? " is not running" : " is running"));
        }
        return brokers.get(nodeId - 1);
    }

    private void awaitInCluster(List<ClusterBroker> awaited) {
        Set<Integer> ids = awaited.stream().map(ClusterBroker::nodeId).collect(Collectors.toSet());
        Deadline.await(READY, "Kafka brokers " + ids + " joining the cluster", () -> {
            awaited.forEach(ClusterBroker::checkAlive);
            return listed().filter(present -> present.containsAll(ids)).isPresent();
        });
    }
}
