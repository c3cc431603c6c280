package dev.dtk.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.bench.chaos.ChaosReport;
import dev.dtk.bench.chaos.ChaosRun;
import dev.dtk.bench.chaos.ChaosSettings;
import dev.dtk.process.DtkProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short variant of {@code ./dtk chaos}: three brokers, two engines, two workers per queue and two
 * gateways as separate {@code dtk} processes, a mixed load through HTTP and Kafka, a {@code kill -9}
 * every few seconds and one broker killed; then nothing may be lost, doubled or sent twice.
 */
class ChaosTest {

    @Test
    void shouldLoseNothingDoubleNothingAndSendOneSmsPerVerificationWhileProcessesAreKilled(@TempDir Path dir)
            throws Exception {
        ChaosSettings settings = new ChaosSettings(300, Duration.ofSeconds(45), Duration.ofSeconds(5), true,
                Duration.ofSeconds(8), Duration.ofSeconds(30), 4, 1, 11, dir, DtkProcess.root());

        ChaosReport report = new ChaosRun(settings, System.out).run();
        report.print(System.out);

        assertThat(report.problems()).as("what went wrong (logs in " + dir + ")").isEmpty();
        assertThat(report.killed("engine") + report.killed("worker") + report.killed("gateway")).as("processes killed")
                .isGreaterThanOrEqualTo(6);
        assertThat(report.killed("broker")).as("brokers killed").isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }
}
