package dev.dtk.engine.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key of a timer in the {@code timers} store: due time in epoch milliseconds (8 bytes,
 * big-endian, so byte order is time order), then the instance ID (UTF-8), a zero byte, and the
 * timer's sequence ID (4 bytes). A range scan from the first key up to {@link #upTo(long)} finds
 * exactly the timers due by then.
 */
record TimerKey(long dueMillis, String instanceId, int timerId) {

    static TimerKey of(Instant fireAt, String instanceId, int timerId) {
        return new TimerKey(fireAt.toEpochMilli(), instanceId, timerId);
    }

    Bytes toBytes() {
        byte[] id = instanceId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length + 1 + 4)
                .putLong(dueMillis).put(id).put((byte) 0).putInt(timerId).array());
    }

    static TimerKey fromBytes(Bytes key) {
        ByteBuffer buffer = ByteBuffer.wrap(key.get());
        long due = buffer.getLong();
        int idLength = key.get().length - 8 - 1 - 4;
        byte[] id = new byte[idLength];
        buffer.get(id);
        buffer.get();
        return new TimerKey(due, new String(id, StandardCharsets.UTF_8), buffer.getInt());
    }

    /** The upper bound (inclusive) of a scan for everything due at or before {@code nowMillis}. */
    static Bytes upTo(long nowMillis) {
        return Bytes.wrap(ByteBuffer.allocate(9).putLong(nowMillis).put((byte) 0xFF).array());
    }

    /** The lower bound of every scan. */
    static Bytes first() {
        return Bytes.wrap(new byte[8]);
    }

    Instant fireAt() {
        return Instant.ofEpochMilli(dueMillis);
    }
}
