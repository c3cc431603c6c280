package dev.dtk.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@code dtk} command run as its own operating-system process, the way {@code ./dtk} runs it: the
 * same JVM as the tests, the cli module's classpath (the broker jars only for {@code dev} and
 * {@code kafka}), output to a log file. Killing it is {@code kill -9}.
 */
public final class DtkProcess implements AutoCloseable {

    private static final Path ROOT = projectRoot();

    private final Process process;
    private final Path log;
    private final String name;

    private DtkProcess(Process process, Path log, String name) {
        this.process = process;
        this.log = log;
        this.name = name;
    }

    /** The checkout's root folder (tests run in a module folder). */
    public static Path root() {
        return ROOT;
    }

    /** Starts {@code dtk <args>} with {@code env} added to this process's environment. */
    public static DtkProcess start(Path logDir, String name, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(classpath(args.length > 0 ? args[0] : ""));
        command.add("dev.dtk.cli.Dtk");
        command.addAll(List.of(args));
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            return new DtkProcess(builder.start(), log, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dtk " + String.join(" ", args), e);
        }
    }

    static String classpath(String command) {
        Path cli = ROOT.resolve("cli/target");
        String cp = cli.resolve("classes") + java.io.File.pathSeparator + cli.resolve("lib") + "/*";
        if (command.equals("dev") || command.equals("kafka")) {
            cp += java.io.File.pathSeparator + cli.resolve("lib-dev") + "/*";
        }
        return cp;
    }

    /** Waits until the output has a line matching {@code regex}; fails with the output if the process dies. */
    public DtkProcess awaitOutput(String regex, Duration timeout) {
        Pattern pattern = Pattern.compile(regex);
        await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive() && !pattern.matcher(output()).find()) {
                throw new AssertionError("dtk " + name + " exited with " + process.exitValue() + ":\n" + output());
            }
            return pattern.matcher(output()).find();
        });
        return this;
    }

    /** Everything the process wrote so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for a command that ends by itself (dtk instances ...); its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("dtk " + name + " still runs after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM: the shutdown hooks run, as on Ctrl-C or a container stop. */
    public int stop() {
        process.destroy();
        return waitFor();
    }

    private int waitFor() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop();
        }
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cli").resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the dtk checkout above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
