package dev.dtk.cli;

import java.util.concurrent.CountDownLatch;

/** Runs a service until the process is asked to stop (Ctrl-C, SIGTERM), then closes it cleanly. */
final class UntilStopped {

    private UntilStopped() {
    }

    static int run(AutoCloseable service) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(UntilStopped.class).warn("error while stopping", e);
            } finally {
                stopped.countDown();
            }
        }, "dtk-shutdown"));
        stopped.await();
        return 0;
    }
}
