package dev.dtk.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The engine's changelogs compacted as a production broker compacts them. The local broker keeps a
 * 2 MiB cleaner buffer (tests start many brokers), too small for millions of keys: the bench gives it
 * Kafka's default of 128 MiB and rolls the changelogs every 16 MiB, so the cleaner works during the run
 * as it would on a cluster. After the engine stops, every rolled segment is made cleanable and the bench
 * waits until the changelogs stop shrinking; the open segment of each partition (at most 16 MiB) stays.
 */
final class ChangelogCompaction {

    static final long SEGMENT_BYTES = 16L << 20;
    private static final long CLEANER_BUFFER = 128L << 20;
    private static final Duration POLL = Duration.ofSeconds(5);
    /** Longer than the cleaner's 15 s back-off when it finds nothing to clean. */
    private static final Duration QUIET = Duration.ofSeconds(40);

    private ChangelogCompaction() {
    }

    /** Before the run: the broker's cleaner buffer and the changelogs' segment size of a production setup. */
    static void prepare(Admin admin) throws ExecutionException, InterruptedException {
        alter(admin, List.of(new ConfigResource(ConfigResource.Type.BROKER, "")),
                Map.of("log.cleaner.dedupe.buffer.size", Long.toString(CLEANER_BUFFER)));
        alter(admin, changelogs(admin), Map.of("segment.bytes", Long.toString(SEGMENT_BYTES)));
    }

    /**
     * After the engine stopped: every rolled segment is cleanable, and this waits (at most {@code max})
     * until the changelogs' records under {@code kafkaDir} did not change for 40 s; returns their bytes.
     */
    static long compactFully(Admin admin, Path kafkaDir, Duration max, PrintStream out)
            throws ExecutionException, InterruptedException {
        alter(admin, changelogs(admin), Map.of("min.cleanable.dirty.ratio", "0.0"));
        long deadline = System.nanoTime() + max.toNanos();
        long last = logBytes(kafkaDir);
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < QUIET.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            long now = logBytes(kafkaDir);
            if (now != last) {
                out.printf("phone verification: compacting the changelogs, %s%n", Footprint.mib(now));
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    /** The changelogs' records: their segments' .log files (a segment's index files are preallocated). */
    static long logBytes(Path kafkaDir) {
        return Footprint.bytesUnder(kafkaDir, "changelog", ".log");
    }

    private static List<ConfigResource> changelogs(Admin admin) throws ExecutionException, InterruptedException {
        return admin.listTopics().names().get().stream().filter(name -> name.endsWith("-changelog"))
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
    }

    private static void alter(Admin admin, Collection<ConfigResource> resources, Map<String, String> settings)
            throws ExecutionException, InterruptedException {
        List<AlterConfigOp> ops = settings.entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        admin.incrementalAlterConfigs(resources.stream().collect(Collectors.toMap(Function.identity(), r -> ops)))
                .all().get();
    }
}
