package dev.dtk.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status view folders under a state folder ({@code view-*}). Each is owned by the process that
 * holds the lock on its {@code owner.lock} file for as long as it runs; the operating system drops
 * the lock when the process dies, however it dies. Claiming a new folder first removes every folder
 * nobody owns any more, so a crashed client or gateway never leaves its copy of every instance's
 * input behind for long.
 */
final class ViewFolders {

    private static final Logger LOG = LoggerFactory.getLogger(ViewFolders.class);
    private static final String LOCK = "owner.lock";

    private ViewFolders() {
    }

    /** A folder this process owns until {@link #close()}, which deletes it. */
    record Owned(Path dir, FileChannel channel, FileLock lock) implements AutoCloseable {

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.debug("releasing {}: {}", dir, e.toString());
            }
            delete(dir);
        }
    }

    /** Removes the orphaned view folders under {@code base}, then creates and locks a new one. */
    static Owned claim(Path base) {
        try {
            Files.createDirectories(base);
            removeOrphans(base);
            Path dir = Files.createTempDirectory(base, "view-");
            FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("cannot lock the new view folder " + dir);
            }
            return new Owned(dir, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a status view folder under " + base, e);
        }
    }

    private static void removeOrphans(Path base) throws IOException {
        try (DirectoryStream<Path> views = Files.newDirectoryStream(base, "view-*")) {
            for (Path view : views) {
                if (Files.isDirectory(view) && !owned(view)) {
                    LOG.info("removing the status view folder {}: the process that owned it is gone", view);
                    delete(view);
                }
            }
        }
    }

    /** Whether a live process holds the folder's lock (in this JVM or another). */
    private static boolean owned(Path view) {
        Path lockFile = view.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process
        } catch (IOException e) {
            return true; // cannot tell: leave it
        }
    }

    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
