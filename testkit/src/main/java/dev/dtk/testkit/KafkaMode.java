package dev.dtk.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the tests' Kafka broker comes from, chosen by the system property {@value #PROPERTY} or the
 * environment variable {@value #ENV} ({@code auto}, {@code embedded} or {@code container}; default
 * {@code auto}):
 * <ul>
 *   <li>{@code embedded}: a real KRaft broker inside the test JVM ({@link LocalKafka});</li>
 *   <li>{@code container}: Testcontainers' Kafka (the {@code apache/kafka} image; version from
 *       {@value #IMAGE_PROPERTY}), failing fast with a clear message where no Docker engine answers;</li>
 *   <li>{@code auto}: a container when a Docker engine answers, else the embedded broker. Without a
 *       Docker socket or {@code DOCKER_HOST} it decides at once, without Testcontainers' multi-second probe.</li>
 * </ul>
 */
public enum KafkaMode {
    AUTO, EMBEDDED, CONTAINER;

    public static final String PROPERTY = "dtk.test.kafka";
    public static final String ENV = "DTK_TEST_KAFKA";
    public static final String IMAGE_PROPERTY = "dtk.test.kafka.image";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";
    /** Where Docker engines put their socket when {@code DOCKER_HOST} is not set. */
    static final List<String> SOCKETS = List.of("/var/run/docker.sock", "${HOME}/.docker/run/docker.sock",
            "${HOME}/.docker/desktop/docker.sock", "${XDG_RUNTIME_DIR}/docker.sock");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

    /** The mode asked for: the system property wins over the environment; absent: {@link #AUTO}. */
    public static KafkaMode requested(Map<String, String> env, String property) {
        String value = property != null && !property.isBlank() ? property : env.get(ENV);
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + " must be auto, embedded or container, got '" + value + "'");
        }
    }

    /**
     * The mode tests run in. {@code auto} becomes {@link #CONTAINER} only when a Docker endpoint is
     * configured or present ({@code dockerHints}) and Docker then answers ({@code dockerAnswers},
     * the slow probe, asked only then).
     */
    public static KafkaMode resolve(KafkaMode requested, boolean dockerHints, BooleanSupplier dockerAnswers) {
        return switch (requested) {
            case EMBEDDED, CONTAINER -> requested;
            case AUTO -> dockerHints && dockerAnswers.getAsBoolean() ? CONTAINER : EMBEDDED;
        };
    }

    /** Whether {@code DOCKER_HOST} is set or a Docker socket exists where engines put one. */
    public static boolean dockerHints(Map<String, String> env, Predicate<Path> exists) {
        String host = env.get("DOCKER_HOST");
        return host != null && !host.isBlank() || dockerSocket(env, exists).isPresent();
    }

    /** The first of the {@link #SOCKETS} that exists. */
    static Optional<Path> dockerSocket(Map<String, String> env, Predicate<Path> exists) {
        return socketPaths(env).stream().filter(exists).findFirst();
    }

    /**
     * Where Docker engines put their socket, with {@code HOME} and {@code XDG_RUNTIME_DIR} filled in
     * (a place under a variable that is not set is left out).
     */
    static List<Path> socketPaths(Map<String, String> env) {
        return SOCKETS.stream().map(socket -> expand(socket, env)).flatMap(Optional::stream).toList();
    }

    private static Optional<Path> expand(String socket, Map<String, String> env) {
        Matcher variable = VARIABLE.matcher(socket);
        if (!variable.find()) {
            return Optional.of(Path.of(socket));
        }
        String value = env.get(variable.group(1));
        return value == null || value.isBlank() ? Optional.empty()
                : Optional.of(Path.of(socket.replace(variable.group(), value)));
    }

    /** The mode of this test run, decided once per JVM. */
    public static KafkaMode current() {
        return Holder.MODE;
    }

    private static final class Holder {
        static final KafkaMode MODE = decide();

        private static KafkaMode decide() {
            Map<String, String> env = System.getenv();
            KafkaMode requested = requested(env, System.getProperty(PROPERTY));
            KafkaMode mode = resolve(requested, dockerHints(env, Files::exists), Docker::answers);
            System.getLogger(KafkaMode.class.getName()).log(System.Logger.Level.INFO,
                    "dtk tests: Kafka broker mode " + mode.name().toLowerCase(Locale.ROOT) + " (" + PROPERTY + "="
                            + requested.name().toLowerCase(Locale.ROOT) + (requested == AUTO
                                    ? (mode == CONTAINER ? ": a Docker engine answered)"
                                            : ": no Docker engine; the in-process KRaft broker)") : ")"));
            return mode;
        }
    }
}
