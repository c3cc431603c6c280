package dev.dtk.client.internal;

import dev.dtk.entity.EntityId;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.InstanceStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instance statuses and entity states in RocksDB, keyed by instance or entity ID (UTF-8, so iteration
 * is in ID order), valued with the record from {@code <hub>.instance-status} or {@code <hub>.entities} as it
 * is. Entity IDs start with {@code @} and instance IDs never do, so the two never meet: instance scans
 * skip the {@code @} range. On disk, not on the heap: it holds millions of instances. Thread-safe: one
 * writer (the feed), any number of readers.
 */
public final class StatusStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusStore.class);
    /** The first key after every entity ID: {@code @} is 0x40, so 0x41 follows them all. */
    private static final byte[] AFTER_ENTITIES = {'@' + 1};

    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    private StatusStore(Options options, RocksDB db) {
        this.options = options;
        this.writeOptions = new WriteOptions().setDisableWAL(true);
        this.db = db;
    }

    public static StatusStore open(Path dir) {
        try {
            Files.createDirectories(dir);
            Options options = new Options().setCreateIfMissing(true);
            return new StatusStore(options, RocksDB.open(options, dir.toAbsolutePath().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the status view folder " + dir, e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot open the status view in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A batch of changes: {@code value} null deletes the instance. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        public void put(String instanceId, byte[] value) throws RocksDBException {
            byte[] key = instanceId.getBytes(StandardCharsets.UTF_8);
            if (value == null) {
                batch.delete(key);
            } else {
                batch.put(key, value);
            }
        }

        public void commit() throws RocksDBException {
            db.write(writeOptions, batch);
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    public Batch batch() {
        return new Batch();
    }

    public Optional<InstanceStatus> get(String instanceId) {
        return EntityId.isEntityId(instanceId) ? Optional.empty() : read(instanceId, InstanceStatus.class);
    }

    /** The state of entity {@code entityId} ({@code @name@key}); empty when it does not exist. */
    public Optional<EntityStatus> entity(String entityId) {
        return read(entityId, EntityStatus.class);
    }

    private <T> Optional<T> read(String id, Class<T> type) {
        try {
            byte[] value = db.get(id.getBytes(StandardCharsets.UTF_8));
            return value == null ? Optional.empty() : decode(value, type);
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot read the status view: " + e.getMessage(), e);
        }
    }

    /**
     * Visits entity states in ID order, starting after {@code afterId} (null: from the start) and within
     * {@code prefix} ({@code @} for all, {@code @name@} for one name), until {@code visitor} returns false.
     */
    public void scanEntities(String afterId, String prefix, Predicate<EntityStatus> visitor) {
        visit(afterId, prefix, EntityStatus.class, visitor);
    }

    /**
     * Visits statuses in instance ID order, starting after {@code afterId} (null: from the start) and
     * within {@code prefix} (null: all), until {@code visitor} returns false.
     */
    public void scan(String afterId, String prefix, Predicate<InstanceStatus> visitor) {
        if (prefix != null && EntityId.isEntityId(prefix)) {
            return;
        }
        visit(afterId, prefix, InstanceStatus.class, visitor);
    }

    private <T> void visit(String afterId, String prefix, Class<T> type, Predicate<T> visitor) {
        boolean instances = type == InstanceStatus.class;
        byte[] prefixBytes = prefix == null ? new byte[0] : prefix.getBytes(StandardCharsets.UTF_8);
        try (RocksIterator it = db.newIterator()) {
            if (afterId != null) {
                byte[] after = afterId.getBytes(StandardCharsets.UTF_8);
                it.seek(after);
                if (it.isValid() && Arrays.equals(it.key(), after)) {
                    it.next();
                }
                if (prefix != null && it.isValid() && Arrays.compareUnsigned(it.key(), prefixBytes) < 0) {
                    it.seek(prefixBytes);
                }
            } else {
                it.seek(prefixBytes);
            }
            while (it.isValid()) {
                byte[] key = it.key();
                if (!startsWith(key, prefixBytes)) {
                    return;
                }
                if (instances && key.length > 0 && key[0] == '@') {
                    it.seek(AFTER_ENTITIES);
                    continue;
                }
                Optional<T> status = decode(it.value(), type);
                if (status.isPresent() && !visitor.test(status.get())) {
                    return;
                }
                it.next();
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static <T> Optional<T> decode(byte[] value, Class<T> type) {
        try {
            return Optional.of(DtkJson.read(value, type));
        } catch (RuntimeException e) {
            LOG.warn("skipping an unreadable status record: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        db.close();
        writeOptions.close();
        options.close();
    }
}
