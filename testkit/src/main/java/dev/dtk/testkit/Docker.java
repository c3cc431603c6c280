package dev.dtk.testkit;

import org.testcontainers.DockerClientFactory;

/** Asks Testcontainers whether a Docker engine answers (slow when none does: call it only with a hint). */
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
}
