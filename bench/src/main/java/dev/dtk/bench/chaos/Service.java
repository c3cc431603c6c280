package dev.dtk.bench.chaos;

import dev.dtk.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One dtk service (engine, worker or gateway) run with the real {@code dtk} command as its own OS
 * process, the way {@code ./dtk engine} runs it (the cli module's classpath, without the broker jars).
 * It can be killed with SIGKILL and started again with the same arguments, state folder included;
 * every start appends to the same log file.
 */
public final class Service {

    /** How the chaos run starts its services: small heaps, quick to start (C1 only). */
    private static final List<String> QUICK_START = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /** What a service is, for choosing victims and measuring recovery. */
    public enum Role { ENGINE, WORKER, GATEWAY }

    private final String name;
    private final Role role;
    private final String queue;
    private final Path root;
    private final List<String> args;
    private final Map<String, String> env;
    private final Path log;
    private final List<String> jvmOptions;
    private final List<String> launcher;
    private volatile Process process;
    private int starts;

    Service(String name, Role role, String queue, Path root, Path logDir, Map<String, String> env, List<String> args) {
        this(name, role, queue, root, logDir.resolve(name + ".log"), env, args, QUICK_START, List.of());
    }

    private Service(String name, Role role, String queue, Path root, Path log, Map<String, String> env,
            List<String> args, List<String> jvmOptions, List<String> launcher) {
        this.name = name;
        this.role = role;
        this.queue = queue;
        this.root = root;
        this.env = Map.copyOf(env);
        this.args = List.copyOf(args);
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.launcher = List.copyOf(launcher);
    }

    /**
     * A service run as {@code ./dtk} runs it, for measuring rather than killing: the given JVM options
     * instead of the quick-start ones, and started under {@code launcher} (such as {@code taskset -c 1})
     * when it is not empty.
     */
    public static Service measured(String name, Role role, Path logDir, Map<String, String> env, List<String> args,
            List<String> jvmOptions, List<String> launcher) {
        return new Service(name, role, null, DtkCheckout.root(), logDir.resolve(name + ".log"), env, args, jvmOptions,
                launcher);
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /** The queue of a worker; null for the others. */
    String queue() {
        return queue;
    }

    /** The Kafka {@code client.id} it runs with: how its group membership is told apart from the others'. */
    public String clientId() {
        return "chaos-" + name;
    }

    public Path log() {
        return log;
    }

    int starts() {
        return starts;
    }

    public synchronized void start() {
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
        }
        Path cli = root.resolve("cli/target");
        command.addAll(List.of("-cp", cli.resolve("classes") + java.io.File.pathSeparator + cli.resolve("lib") + "/*",
                "dev.dtk.cli.Dtk"));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== start " + (++starts) + " at " + Instant.now() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            builder.environment().put("DTK_KAFKA_CLIENT_ID", clientId());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dtk " + String.join(" ", args), e);
        }
    }

    /** The process ID of the current start (the JVM's: the launcher execs it), or -1 when not running. */
    public long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    public boolean alive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    synchronized void kill() {
        end(true);
    }

    /** SIGTERM (a clean stop), and waits up to 30 s. */
    public synchronized void stop() {
        end(false);
    }

    private void end(boolean kill) {
        ChildProcess.end(process, kill);
        process = null;
    }

    /** Whether the log of the current start has a line containing {@code text}. */
    public boolean logged(String text) {
        try {
            String all = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            int last = all.lastIndexOf("=== start ");
            return all.indexOf(text, Math.max(0, last)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
