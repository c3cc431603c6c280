package dev.dtk.testkit;

import java.util.concurrent.TimeUnit;

/** Ending an operating-system process this JVM started: a broker of a cluster, a dtk service of the chaos run. */
public final class ChildProcess {

    private ChildProcess() {
    }

    /**
     * SIGKILL ({@code kill}) or SIGTERM, then waits for the process to be gone: a SIGTERM not heeded within
     * 30 s becomes a SIGKILL. Does nothing for {@code null}.
     */
    public static void end(Process process, boolean kill) {
        if (process == null) {
            return;
        }
        try {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
