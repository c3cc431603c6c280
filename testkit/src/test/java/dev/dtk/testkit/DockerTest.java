package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DockerTest {

    private final AtomicInteger probes = new AtomicInteger();

    private boolean silent() {
        probes.incrementAndGet();
        return false;
    }

    @Test
    void shouldSayWhereItLookedAndWhatToDoWithoutProbingWhenThereIsNoDocker() {
        var problem = Docker.problem(Map.of("HOME", "/home/u", "XDG_RUNTIME_DIR", "/run/user/1000"),
                path -> false, this::silent);

        assertThat(problem).contains("The tests' Kafka brokers run in containers (dtk.test.kafka=container), but no"
                + " Docker engine runs here: DOCKER_HOST is not set and there is no Docker socket at"
                + " /var/run/docker.sock, /home/u/.docker/run/docker.sock, /home/u/.docker/desktop/docker.sock,"
                + " /run/user/1000/docker.sock. Start Docker (or point DOCKER_HOST at a running engine), or run the"
                + " tests on the in-process broker: -Ddtk.test.kafka=embedded (or auto, which falls back to it by"
                + " itself).");
        assertThat(probes).hasValue(0);
    }

    @Test
    void shouldLeaveOutSocketPlacesUnderVariablesThatAreNotSet() {
        var problem = Docker.problem(Map.of(), path -> false, this::silent);

        assertThat(problem).hasValueSatisfying(message -> assertThat(message)
                .contains("there is no Docker socket at /var/run/docker.sock. Start Docker"));
    }

    @Test
    void shouldNameTheDockerHostThatDoesNotAnswer() {
        var problem = Docker.problem(Map.of("DOCKER_HOST", "tcp://build-host:2375"), path -> false, this::silent);

        assertThat(problem).hasValueSatisfying(message -> assertThat(message)
                .contains("but the Docker engine at DOCKER_HOST=tcp://build-host:2375 does not answer.")
                .contains("-Ddtk.test.kafka=embedded"));
        assertThat(probes).hasValue(1);
    }

    @Test
    void shouldNameTheSocketThatDoesNotAnswer() {
        var problem = Docker.problem(Map.of(), path -> path.equals(Path.of("/var/run/docker.sock")), this::silent);

        assertThat(problem).hasValueSatisfying(message -> assertThat(message)
                .contains("but no Docker engine answers on the socket /var/run/docker.sock."));
    }

    @Test
    void shouldHaveNoProblemWhenDockerAnswers() {
        assertThat(Docker.problem(Map.of("DOCKER_HOST", "unix:///run/docker.sock"), path -> false, () -> true))
                .isEmpty();
    }
}
