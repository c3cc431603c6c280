package dev.dtk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuProfileTest {

    @Test
    void namesTheComponentOfEachKindOfThread() {
        assertThat(CpuProfile.component("data-plane-kafka-request-handler-3")).isEqualTo("broker");
        assertThat(CpuProfile.component("AddPartitionsToTxnSenderThread-1")).isEqualTo("broker");
        assertThat(CpuProfile.component("dtk-engine-7a5c-StreamThread-1")).isEqualTo("engine's stream threads");
        assertThat(CpuProfile.component("dtk-engine-7a5c-StreamThread-1-idle-flush"))
                .isEqualTo("engine, other threads");
        assertThat(CpuProfile.component("kafka-producer-network-thread | dtk-engine-7a5c-StreamThread-1-producer"))
                .isEqualTo("engine's producer I/O");
        assertThat(CpuProfile.component("kafka-producer-network-thread | dtk-worker-default-producer-2"))
                .isEqualTo("worker");
        assertThat(CpuProfile.component("ForkJoinPool-1-worker-2")).isEqualTo("orchestration code (virtual threads)");
        assertThat(CpuProfile.component("dtk-client-status-feed")).isEqualTo("bench client and the rest");
    }

    @Test
    void sharesAddUpToTheMachineAndShowABusyThread() throws Exception {
        CpuProfile.Shares shares;
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        try (CpuProfile profile = CpuProfile.start()) {
            Thread busy = Thread.ofPlatform().name("dtk-worker-busy").start(() -> {
                long until = System.nanoTime() + 1_000_000_000L;
                long x = 0;
                while (System.nanoTime() < until) {
                    x += System.nanoTime() % 7;
                }
                burnt.countDown();
                try {
                    measured.await(); // a thread that ended is no longer listed: it lives until the profile stops
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(burnt.await(10, TimeUnit.SECONDS)).isTrue();
            shares = profile.stop();
            measured.countDown();
            busy.join();
        }
        // the thread ran 1 s of the profile's wall time times the cores; it is counted as worker CPU
        assertThat(shares.share("worker")).isGreaterThan(0.3 / Runtime.getRuntime().availableProcessors());
        double total = shares.cpu().values().stream().mapToDouble(Double::doubleValue).sum();
        // the JVM's own threads (compilers, collector) are read from /proc in 10 ms ticks: a few ticks
        // either way over 1 s of each core (a tolerance of 1% over 0.3 s failed at 1.039 with the
        // compilers busy in a fresh test JVM)
        assertThat(total).isBetween(0.97, 1.03 + shares.share(CpuProfile.IDLE));
        assertThat(shares.cpuLine()).contains("worker").contains("cores");
    }
}
