package dev.dtk.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The temporary folders a bench run keeps its brokers' logs and engines' state in, deleted when the JVM
 * exits: a run writes about 100 MB, and benches are run again and again. A run that failed keeps them
 * ({@link #keepForDiagnosis}): the broker's logs and the stores' files are there to be read.
 */
final class BenchHome {

    private static final List<Path> CREATED = new CopyOnWriteArrayList<>();
    private static volatile boolean keep;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!keep) {
                CREATED.forEach(BenchHome::deleteQuietly);
            }
        }, "dtk-bench-cleanup"));
    }

    private BenchHome() {
    }

    /** A new empty folder under the system's temporary folder, named with {@code prefix}. */
    static Path create(String prefix) throws IOException {
        Path home = Files.createTempDirectory(prefix);
        CREATED.add(home);
        return home;
    }

    /** Keeps every folder created so far when the JVM exits; returns them, to be told to the user. */
    static List<Path> keepForDiagnosis() {
        keep = true;
        return List.copyOf(CREATED);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit: a file still held open stays behind in the temporary folder
        }
    }
}
