package dev.dtk.testkit;

import dev.dtk.testkit.internal.BrokerMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A combined KRaft broker and controller as its own OS process ({@code kafka.Kafka server.properties}
 * on this JVM's classpath), so that a test can kill it with SIGKILL. Its output goes to
 * {@code broker.log} in its folder. It dies with the test JVM, however that ends.
 */
final class BrokerProcess implements ClusterBroker {

    private static final int LOG_TAIL_LINES = 30;

    private final int nodeId;
    private final Path config;
    private final Path log;
    private volatile Process process;

    BrokerProcess(int nodeId, Path dir, Path config) {
        this.nodeId = nodeId;
        this.config = config;
        this.log = dir.resolve("broker.log");
    }

    @Override
    public int nodeId() {
        return nodeId;
    }

    /** Launches the process and returns; the broker joins the cluster about 3 to 4 seconds later. */
    @Override
    public void start() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerMain.class.getName(),
                config.toString()));
        try {
            // stdin stays a pipe from this JVM: BrokerMain stops the broker when it closes
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka broker " + nodeId + " as a process", e);
        }
    }

    /** SIGTERM: Kafka's shutdown hook hands the broker's partitions over before it exits. */
    @Override
    public void stop() {
        end(false);
    }

    /** SIGKILL. */
    @Override
    public void kill() {
        end(true);
    }

    @Override
    public boolean killable() {
        return true;
    }

    @Override
    public void checkAlive() {
        Process current = process;
        if (current != null && !current.isAlive()) {
            throw new IllegalStateException("Kafka broker " + nodeId + " (its own process) exited with code "
                    + current.exitValue() + "; the end of " + log + ":\n" + logTail());
        }
    }

    @Override
    public void close() {
        end(true);
    }

    private void end(boolean kill) {
        ChildProcess.end(process, kill);
        process = null;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
