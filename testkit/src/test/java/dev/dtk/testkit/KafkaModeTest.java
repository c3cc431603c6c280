package dev.dtk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KafkaModeTest {

    private final AtomicInteger probes = new AtomicInteger();

    private boolean dockerAnswers() {
        probes.incrementAndGet();
        return true;
    }

    @Test
    void shouldTakeThePropertyOverTheEnvironmentAndDefaultToAuto() {
        assertThat(KafkaMode.requested(Map.of(), null)).isEqualTo(KafkaMode.AUTO);
        assertThat(KafkaMode.requested(Map.of("DTK_TEST_KAFKA", "container"), null)).isEqualTo(KafkaMode.CONTAINER);
        assertThat(KafkaMode.requested(Map.of("DTK_TEST_KAFKA", "container"), "Embedded"))
                .isEqualTo(KafkaMode.EMBEDDED);
        assertThatThrownBy(() -> KafkaMode.requested(Map.of(), "docker"))
                .hasMessage("dtk.test.kafka must be auto, embedded or container, got 'docker'");
    }

    @Test
    void shouldRunEmbeddedWithoutProbingWhenNoSocketAndNoDockerHost() {
        boolean hints = KafkaMode.dockerHints(Map.of("HOME", "/home/u"), path -> false);

        assertThat(KafkaMode.resolve(KafkaMode.AUTO, hints, this::dockerAnswers)).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(probes).hasValue(0);
    }

    @Test
    void shouldProbeAndUseAContainerWhenASocketExists() {
        boolean hints = KafkaMode.dockerHints(Map.of("HOME", "/home/u"),
                path -> path.equals(Path.of("/home/u/.docker/run/docker.sock")));

        assertThat(KafkaMode.resolve(KafkaMode.AUTO, hints, this::dockerAnswers)).isEqualTo(KafkaMode.CONTAINER);
        assertThat(probes).hasValue(1);
    }

    @Test
    void shouldProbeWhenDockerHostIsSetAndFallBackWhenDockerDoesNotAnswer() {
        boolean hints = KafkaMode.dockerHints(Map.of("DOCKER_HOST", "tcp://build-host:2375"), path -> false);

        assertThat(hints).isTrue();
        assertThat(KafkaMode.resolve(KafkaMode.AUTO, hints, () -> false)).isEqualTo(KafkaMode.EMBEDDED);
    }

    @Test
    void shouldKeepAnExplicitModeWhateverDockerSays() {
        assertThat(KafkaMode.resolve(KafkaMode.EMBEDDED, true, this::dockerAnswers)).isEqualTo(KafkaMode.EMBEDDED);
        assertThat(KafkaMode.resolve(KafkaMode.CONTAINER, false, this::dockerAnswers)).isEqualTo(KafkaMode.CONTAINER);
        assertThat(probes).hasValue(0);
    }
}
