package dev.dtk.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.testcontainers.DockerClientFactory;

/** Whether a Docker engine answers, for brokers in containers (asked once per JVM: the probe is slow when none does). */
final class Docker {

    private Docker() {
    }

    static boolean answers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Throws, saying what to do, unless a Docker engine answers. Only the first call of a JVM asks
     * Docker; every later one answers at once, so each test class of a run without Docker fails fast.
     */
    static void require() {
        Requirement.PROBLEM.ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
    }

    /** Why brokers cannot run in containers here, or empty when a Docker engine answers. */
    static Optional<String> problem(Map<String, String> env, Predicate<Path> exists, BooleanSupplier answers) {
        String host = env.get("DOCKER_HOST");
        boolean hostSet = host != null && !host.isBlank();
        Optional<Path> socket = KafkaMode.dockerSocket(env, exists);
        String reason;
        if (!hostSet && socket.isEmpty()) {
            reason = "no Docker engine runs here: DOCKER_HOST is not set and there is no Docker socket at "
                    + String.join(", ", KafkaMode.socketPaths(env).stream().map(Path::toString).toList());
        } else if (answers.getAsBoolean()) {
            return Optional.empty();
        } else if (hostSet) {
            reason = "the Docker engine at DOCKER_HOST=" + host + " does not answer";
        } else {
            reason = "no Docker engine answers on the socket " + socket.get();
        }
        return Optional.of("The tests' Kafka brokers run in containers (" + KafkaMode.PROPERTY + "=container), but "
                + reason + ". Start Docker (or point DOCKER_HOST at a running engine), or run the tests on the"
                + " in-process broker: -D" + KafkaMode.PROPERTY + "=embedded (or auto, which falls back to it by"
                + " itself).");
    }

    private static final class Requirement {
        static final Optional<String> PROBLEM = problem(System.getenv(), Files::exists, Docker::answers);
    }
}
