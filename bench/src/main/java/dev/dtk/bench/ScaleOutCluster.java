package dev.dtk.bench;

import dev.dtk.bench.chaos.Service;
import dev.dtk.testkit.LocalKafka;
import dev.dtk.topics.TopicProvisioner;
import dev.dtk.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One Kafka broker in this JVM and dtk engines and workers started against it as OS processes with the
 * real {@code dtk} command (as {@code ./dtk engine} runs them, without its heap limit), their logs in
 * {@code dir/logs}. Closing stops the processes (SIGTERM) and the broker.
 */
final class ScaleOutCluster implements AutoCloseable {

    /** The JVM options of every service: those {@code ./dtk} gives, and a heap of its own. */
    static final List<String> JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC");
    static final String ENGINE_GROUP = "dtk-engine";
    private static final Duration READY = Duration.ofMinutes(2);

    private final LocalKafka kafka;
    private final Admin admin;
    private final Path dir;
    private final long commitIntervalMs;
    private final List<String> launcher;
    private final List<Service> services = new ArrayList<>();

    private ScaleOutCluster(LocalKafka kafka, Path dir, long commitIntervalMs, List<String> launcher) {
        this.kafka = kafka;
        this.dir = dir;
        this.commitIntervalMs = commitIntervalMs;
        this.launcher = launcher;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** A broker with dtk's topics of {@code partitions} partitions; services run under {@code launcher}. */
    static ScaleOutCluster start(Path dir, int partitions, long commitIntervalMs, List<String> launcher) {
        ScaleOutCluster cluster = new ScaleOutCluster(LocalKafka.start(dir.resolve("kafka"), 0), dir, commitIntervalMs,
                launcher);
        new TopicProvisioner(cluster.admin).ensure(Topics.all(partitions, (short) 1, List.of("default", "sms")));
        return cluster;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Admin admin() {
        return admin;
    }

    /** An engine process with {@code streamThreads} stream threads, to {@link Service#start()}. */
    Service engine(String name, int streamThreads) {
        return engine(name, streamThreads, JVM, List.of());
    }

    /** The same with JVM options of its own and more arguments to {@code dtk engine} (such as {@code --app}). */
    Service engine(String name, int streamThreads, List<String> jvm, List<String> more) {
        List<String> args = new ArrayList<>(List.of("engine", "--bootstrap-servers", bootstrapServers(), "--state-dir",
                dir.resolve(name).toString(), "--query-port", "-1", "--commit-interval-ms",
                Long.toString(commitIntervalMs), "--kafka", "num.stream.threads=" + streamThreads));
        args.addAll(more);
        return add(Service.measured(name, Service.Role.ENGINE, dir.resolve("logs"), Map.of(), args, jvm, launcher));
    }

    /** A worker process of the default queue (64 activities in flight), to {@link Service#start()}. */
    Service worker(String name) {
        return add(Service.measured(name, Service.Role.WORKER, dir.resolve("logs"), Map.of(),
                List.of("worker", "--bootstrap-servers", bootstrapServers(), "--queue", "default"), JVM, launcher));
    }

    private Service add(Service service) {
        services.add(service);
        return service;
    }

    /** Waits until the engine's Kafka Streams runs, or the worker has its partitions. */
    static void awaitReady(Service service) throws InterruptedException {
        String marker = service.role() == Service.Role.ENGINE ? "to RUNNING" : "partitions assigned";
        await(service + " ready", () -> service.logged(marker) || !service.alive());
        if (!service.alive()) {
            throw new IllegalStateException(service + " exited while starting; see " + service.log());
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + READY.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        services.forEach(Service::stop);
        admin.close(Duration.ofSeconds(5));
        kafka.close();
    }
}
