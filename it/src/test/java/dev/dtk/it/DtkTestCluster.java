package dev.dtk.it;

import static org.awaitility.Awaitility.await;

import dev.dtk.app.AppCatalog;
import dev.dtk.client.DtkClient;
import dev.dtk.engine.DtkEngine;
import dev.dtk.local.LocalDtk;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.worker.ActivityWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * dtk on a real broker for end-to-end tests ({@link LocalDtk}), plus a producer and a
 * {@link StatusWatcher} that use Kafka as an outside service does.
 */
final class DtkTestCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final LocalDtk dtk;
    private final DtkClient client;
    private final KafkaProducer<String, byte[]> producer;
    private final StatusWatcher watcher;

    DtkTestCluster(Path dir, OrchestratorRegistry orchestrators, ActivityRegistry activities) throws Exception {
        this(dir, AppCatalog.of(orchestrators, activities, Map.of()));
    }

    DtkTestCluster(Path dir, AppCatalog apps) throws Exception {
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        this.dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4, apps, engine -> { });
        this.client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                .stateDir(dir.resolve("client")).build();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dtk.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "0"), new StringSerializer(), new ByteArraySerializer());
        this.watcher = new StatusWatcher(dtk.bootstrapServers());
    }

    DtkEngine engine() {
        return dtk.engine();
    }

    StatusWatcher watcher() {
        return watcher;
    }

    void crashEngine() {
        dtk.crashEngine();
    }

    void startEngine() throws Exception {
        dtk.startEngine().awaitRunning(TIMEOUT);
    }

    /** The most recently started worker of the default queue. */
    ActivityWorker worker() {
        var workers = dtk.workers().stream().filter(w -> w.config().queue().equals(Topics.DEFAULT_QUEUE)).toList();
        return workers.get(workers.size() - 1);
    }

    void startWorker() {
        dtk.startWorker(Topics.DEFAULT_QUEUE);
    }

    /** Produces a command through the client, as a Java service would. */
    void send(String instanceId, Command command) {
        client.send(instanceId, command).join();
    }

    DtkClient client() {
        return client;
    }

    /** Produces bytes as they are, as any (possibly broken) outside producer would. */
    /**
     * A transactional producer of its own, as another engine has: one that begins a transaction and
     * neither commits nor aborts it plays an engine killed mid-transaction.
     */
    KafkaProducer<String, byte[]> transactionalProducer(String transactionalId) {
        KafkaProducer<String, byte[]> transactional = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dtk.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(),
                new ByteArraySerializer());
        transactional.initTransactions();
        return transactional;
    }

    void sendRaw(String key, String value) {
        sendRaw(key, value.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not produce to " + Topics.COMMANDS, e);
        }
    }

    /** Waits until the instance reaches {@code status}, and returns that status. */
    InstanceStatus awaitStatus(String instanceId, RuntimeStatus status) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> watcher.latest(instanceId), s -> s != null && s.runtimeStatus() == status);
    }

    /** Waits until the instance is Completed, Failed or Terminated, and returns that status. */
    InstanceStatus awaitFinished(String instanceId) {
        return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> watcher.latest(instanceId), s -> s != null && s.runtimeStatus().isTerminal());
    }

    @Override
    public void close() throws Exception {
        watcher.close();
        client.close();
        producer.close();
        dtk.close();
    }
}
