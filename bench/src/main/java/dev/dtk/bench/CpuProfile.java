package dev.dtk.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a run's time went, measured in this JVM (the bench runs broker, engine, worker and client in one
 * process): each component's share of the machine's CPU, from the threads' CPU clocks, and what the
 * engine's stream threads were doing, from their stacks sampled every {@link #SAMPLE_MILLIS} ms. This is
 * the profile the bench prints next to a figure that misses its target.
 */
final class CpuProfile implements AutoCloseable {

    /** The share of the cores this JVM did not use: idle, or busy with other processes. */
    static final String IDLE = "idle or other processes";
    private static final String JIT = "JVM: JIT compiler";
    private static final long SAMPLE_MILLIS = 20;
    private static final int STACK_DEPTH = 48;
    private static final Pattern STREAM_THREAD = Pattern.compile("dtk-engine.*-StreamThread-\\d+");
    /** USER_HZ: Linux reports thread CPU in these ticks, 100 per second on every common platform. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final long processCpuAtStart = processCpu();
    private final Map<String, Long> jvmCpuAtStart = jvmThreadsCpu();
    private final long startNanos = System.nanoTime();
    private final Map<String, Integer> streamThreadStates = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private CpuProfile() {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                cpuAtStart.put(id, cpu);
            }
        }
        sampler = Thread.ofPlatform().daemon().name("dtk-bench-profile").start(this::sample);
    }

    /** Starts measuring now; {@link #stop()} gives the shares since. */
    static CpuProfile start() {
        return new CpuProfile();
    }

    /** The shares of the machine's CPU and of the stream threads' time since {@link #start()}. */
    Shares stop() {
        close();
        double wallNanos = System.nanoTime() - startNanos;
        double machineNanos = wallNanos * Runtime.getRuntime().availableProcessors();
        Map<String, Long> byComponent = new HashMap<>();
        long counted = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long used = cpu - cpuAtStart.getOrDefault(info.getThreadId(), 0L);
            byComponent.merge(component(info.getThreadName()), used, Long::sum);
            counted += used;
        }
        long jvm = 0;
        for (Map.Entry<String, Long> kind : jvmThreadsCpu().entrySet()) {
            long used = kind.getValue() - jvmCpuAtStart.getOrDefault(kind.getKey(), 0L);
            byComponent.merge(kind.getKey(), used, Long::sum);
            jvm += used;
        }
        long rest = Math.max(0, processCpu() - processCpuAtStart - counted - jvm);
        byComponent.merge("threads that ended", rest, Long::sum);
        Map<String, Double> cpu = sortedShares(byComponent, machineNanos);
        cpu.put(IDLE, Math.max(0, 1 - cpu.values().stream().mapToDouble(Double::doubleValue).sum()));
        int samples = streamThreadStates.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Long> states = streamThreadStates.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue()));
        return new Shares(cpu, sortedShares(states, samples), samples, wallNanos / 1e9);
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /**
     * What the run cost, as shares: {@code cpu} of the machine's cores (adds up to 1 with {@link #IDLE}),
     * {@code streamThread} of the stream threads' samples.
     */
    record Shares(Map<String, Double> cpu, Map<String, Double> streamThread, int samples, double seconds) {

        String cpuLine() {
            return percentages(cpu) + String.format(" of %d cores for %.1f s",
                    Runtime.getRuntime().availableProcessors(), seconds);
        }

        String streamThreadLine() {
            return percentages(streamThread) + String.format(" (%d stack samples, one every %d ms)", samples,
                    SAMPLE_MILLIS);
        }

        /** The largest component's share, e.g. "broker 48%". */
        String top() {
            return cpu.entrySet().stream().filter(e -> !e.getKey().equals(IDLE)).findFirst()
                    .map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue() * 100)).orElse("");
        }

        double share(String component) {
            return cpu.getOrDefault(component, 0.0);
        }

        private static String percentages(Map<String, Double> shares) {
            return shares.entrySet().stream().filter(e -> e.getValue() >= 0.005)
                    .map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue() * 100))
                    .collect(Collectors.joining(", "));
        }
    }

    private void sample() {
        long[] streamThreads = new long[0];
        for (long n = 0; running; n++) {
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (n % 50 == 0) {
                // stream threads come and go with rebalances; looking them up costs more than a sample
                streamThreads = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                        .filter(i -> i != null && isStreamThread(i.getThreadName()))
                        .mapToLong(ThreadInfo::getThreadId).toArray();
            }
            for (ThreadInfo info : threads.getThreadInfo(streamThreads, STACK_DEPTH)) {
                if (info != null) {
                    streamThreadStates.merge(activity(info), 1, Integer::sum);
                }
            }
        }
    }

    private static boolean isStreamThread(String name) {
        return STREAM_THREAD.matcher(name).matches();
    }

    /** What a stream thread's stack says it is doing. */
    static String activity(ThreadInfo info) {
        List<String> frames = Arrays.stream(info.getStackTrace())
                .map(f -> f.getClassName() + "." + f.getMethodName()).toList();
        boolean runnable = info.getThreadState() == Thread.State.RUNNABLE;
        if (has(frames, "commitTransaction") || has(frames, "sendOffsetsToTransaction")) {
            return "committing the transaction";
        }
        if (has(frames, "KafkaProducer.flush")) {
            return "waiting for the commit's records to be written";
        }
        if (has(frames, "Consumer.poll")) {
            return runnable ? "reading input" : "waiting for input";
        }
        if (!runnable && frames.stream().anyMatch(f -> f.startsWith("dev.dtk.engine"))) {
            return "waiting for orchestration code (its virtual thread)";
        }
        if (has(frames, "KafkaProducer.send") || has(frames, "RecordCollectorImpl.send")) {
            return "handing records to the producer";
        }
        if (has(frames, "rocksdb") || has(frames, "RocksDB")) {
            return rocksDbActivity(frames);
        }
        if (has(frames, "jackson")) {
            return "JSON";
        }
        return runnable ? "other work" : "other waits";
    }

    /**
     * Which RocksDB operation a stack is in, and for which of the engine's callers: "RocksDB range seek
     * (InstanceStore.events)". The operation is the innermost frame of RocksDB's Java API.
     */
    private static String rocksDbActivity(List<String> frames) {
        String operation = frames.stream().filter(f -> f.startsWith("org.rocksdb.")).findFirst()
                .map(f -> f.substring(f.lastIndexOf('.') + 1)).orElse("");
        String kind = operation.startsWith("seek") ? "range seek"
                : operation.startsWith("next") || operation.startsWith("key") || operation.startsWith("value")
                        || operation.startsWith("isValid") ? "range next"
                : operation.startsWith("get") ? "key read"
                : operation.startsWith("put") || operation.startsWith("delete") || operation.startsWith("write")
                        ? "write"
                : operation.startsWith("flush") ? "flush"
                : "other";
        String caller = frames.stream().filter(f -> f.startsWith("dev.dtk.")).findFirst()
                .map(f -> f.substring(f.lastIndexOf('.', f.lastIndexOf('.') - 1) + 1)).orElse("Kafka Streams");
        return "RocksDB " + kind + " (" + caller + ")";
    }

    private static boolean has(List<String> frames, String part) {
        return frames.stream().anyMatch(f -> f.contains(part));
    }

    /** Which part of the bench's one JVM a thread belongs to, by its name. */
    static String component(String thread) {
        if (thread.contains("dtk-engine") || thread.startsWith("dtk-orchestration")) {
            return thread.contains("kafka-producer-network-thread") ? "engine's producer I/O"
                    : isStreamThread(thread) ? "engine's stream threads" : "engine, other threads";
        }
        if (thread.startsWith("ForkJoinPool")) {
            return "orchestration code (virtual threads)";
        }
        if (thread.contains("dtk-worker")) {
            return "worker";
        }
        if (thread.startsWith("dtk-gateway")) {
            return "gateway";
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("group-coordinator")
                || thread.startsWith("AddPartitionsToTxn") || thread.startsWith("TxnMarker")
                || thread.startsWith("ExpirationReaper") || thread.startsWith("raft")
                || thread.startsWith("quorum-controller") || thread.startsWith("transaction")
                || thread.startsWith("broker-") || thread.startsWith("controller-")
                || thread.startsWith("LogDirFailureHandler") || thread.startsWith("share-")
                || thread.startsWith("kafka-log-cleaner") || thread.startsWith("kafka-scheduler")
                || thread.startsWith("executor-") || thread.matches("kafka-\\d+-.*")) {
            return "broker";
        }
        return "bench client and the rest";
    }

    /**
     * CPU nanoseconds of the JVM's own threads (garbage collector, JIT compilers, VM thread), which
     * {@link ThreadMXBean} does not list, by kind: from /proc/self/task on Linux, none elsewhere.
     */
    static Map<String, Long> jvmThreadsCpu() {
        return jvmThreadsCpu(Path.of("/proc/self/task"));
    }

    /** CPU nanoseconds the JIT compilers of another JVM (process {@code pid}) have used; 0 when unknown. */
    static long compilerCpu(long pid) {
        return pid < 0 ? 0 : jvmThreadsCpu(Path.of("/proc", Long.toString(pid), "task")).getOrDefault(JIT, 0L);
    }

    private static Map<String, Long> jvmThreadsCpu(Path tasks) {
        Map<String, Long> byKind = new HashMap<>();
        if (!Files.isDirectory(tasks)) {
            return byKind;
        }
        try (Stream<Path> all = Files.list(tasks)) {
            for (Path task : all.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String kind = jvmThreadKind(name);
                    if (kind != null) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                        byKind.merge(kind, ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND, Long::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return byKind;
        }
        return byKind;
    }

    private static String jvmThreadKind(String name) {
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
            return "JVM: garbage collector";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (name.startsWith("VM ") || name.startsWith("Service Thread") || name.startsWith("Monitor Deflation")) {
            return "JVM: VM threads";
        }
        return null;
    }

    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static Map<String, Double> sortedShares(Map<String, Long> nanos, double whole) {
        Map<String, Double> shares = new LinkedHashMap<>();
        nanos.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), whole <= 0 ? 0 : e.getValue() / whole));
        return shares;
    }
}
