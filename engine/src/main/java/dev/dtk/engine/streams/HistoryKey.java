package dev.dtk.engine.streams;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The key of one stored event in the {@code history} store: the instance ID (UTF-8), a zero byte, the
 * list it belongs to ({@link #HISTORY}, {@link #INBOX} or an entity's {@link #QUEUE}), and the event's index (4 bytes, big-endian,
 * so byte order is list order). A range scan over one instance's list reads it in order; a step
 * writes only the events it added.
 */
record HistoryKey(String instanceId, byte list, int index) {

    static final byte HISTORY = 'h';
    static final byte INBOX = 'i';
    /** The requests waiting in an entity's queue (indices from the entity's queue head). */
    static final byte QUEUE = 'q';

    Bytes toBytes() {
        byte[] id = instanceId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(id.length + 2 + 4).put(id).put((byte) 0).put(list).putInt(index)
                .array());
    }

    /** The first key of {@code instanceId}'s list. */
    static Bytes first(String instanceId, byte list) {
        return new HistoryKey(instanceId, list, 0).toBytes();
    }

    /** The last possible key of {@code instanceId}'s list. */
    static Bytes last(String instanceId, byte list) {
        return new HistoryKey(instanceId, list, -1).toBytes();
    }
}
