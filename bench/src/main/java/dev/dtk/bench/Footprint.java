package dev.dtk.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/** What this process costs: heap after a full GC, resident memory, bytes on disk. */
final class Footprint {

    private Footprint() {
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Waits until this process used less than {@code share} of one core over {@code window} (its CPU
     * time, every thread: a broker's cleaner, RocksDB's compactions), at most {@code max}; returns the
     * seconds waited.
     */
    static double awaitQuietCpu(double share, Duration window, Duration max) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long began = System.nanoTime();
        while (System.nanoTime() - began < max.toNanos()) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            if ((os.getProcessCpuTime() - cpu) < share * (System.nanoTime() - start)) {
                break;
            }
        }
        return (System.nanoTime() - began) / 1e9;
    }

    /** Resident set size from /proc (Linux), or -1 elsewhere. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Bytes of the files below {@code dir} whose path contains {@code part} (all files for ""). */
    static long bytesUnder(Path dir, String part) {
        return bytesUnder(dir, part, "");
    }

    /**
     * Bytes of the files below {@code dir} whose path contains {@code part} and ends with {@code suffix}.
     * Files may vanish during the walk (the broker deletes cleaned segments as it goes): those count as gone.
     */
    static long bytesUnder(Path dir, String part, String suffix) {
        if (!Files.exists(dir)) {
            return 0;
        }
        long[] bytes = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String path = file.toString();
                    if (attributes.isRegularFile() && path.contains(part) && path.endsWith(suffix)) {
                        bytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes[0];
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }
}
