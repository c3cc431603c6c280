package dev.dtk.bench;

import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Warms the JVM up until its JIT compiler is quiet. The bench runs a broker, an engine, a worker and a
 * client in one JVM, and on 2 cores the compiler needs one to two minutes of load to compile all their hot
 * code: measured before it is done, a figure shows the compiler (a third of the CPU in the first
 * half-minute), not dtk. So rounds of a workload run until two rounds in a row spent at most {@link #QUIET}
 * of their wall time compiling, or {@code max} has passed.
 */
final class JitWarmup {

    /** A round whose compilation takes at most this share of its time counts as warm. */
    static final double QUIET = 0.05;

    /** One round of the workload; {@code round} numbers them, for unique instance IDs. */
    @FunctionalInterface
    interface Round {
        void run(int round) throws Exception;
    }

    private JitWarmup() {
    }

    /** Runs rounds until this JVM's compiler is quiet or {@code max} has passed; says how it went on {@code out}. */
    static void run(PrintStream out, String what, Round round, Duration max) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            out.printf("%s: warming up (one round; this JVM does not report compilation time)...%n", what);
            round.run(0);
            return;
        }
        run(out, what, round, max, () -> TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime()));
    }

    /**
     * Runs rounds until the compilers {@code compiling} measures (nanoseconds they have compiled, all JVMs
     * together) are quiet or {@code max} has passed: for a workload served by other processes too.
     */
    static void run(PrintStream out, String what, Round round, Duration max, LongSupplier compiling)
            throws Exception {
        out.printf("%s: warming up until the JIT compilers are quiet (at most %d s)...%n", what, max.toSeconds());
        long begin = System.nanoTime();
        double share;
        int rounds = 0;
        int quietRounds = 0;
        do {
            long compiledBefore = compiling.getAsLong();
            long roundBegin = System.nanoTime();
            round.run(rounds++);
            double wallNanos = System.nanoTime() - roundBegin;
            share = (compiling.getAsLong() - compiledBefore) / wallNanos;
            quietRounds = share <= QUIET ? quietRounds + 1 : 0;
        } while (quietRounds < 2 && System.nanoTime() - begin < max.toNanos());
        out.printf("%s: warm after %d rounds in %.0f s (compilation %.0f%% of the last round's time)%n", what, rounds,
                (System.nanoTime() - begin) / 1e9, share * 100);
    }
}
