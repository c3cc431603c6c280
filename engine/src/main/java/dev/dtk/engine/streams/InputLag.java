package dev.dtk.engine.streams;

import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the calling stream thread's consumer has fetched its input partitions up to their end. The timer
 * sweep asks before it fires a timer that is due later than the newest input applied: after an outage,
 * inputs that were produced before such a timer was due (an answer sent in time) must be applied first, not
 * lose to a timeout that fired while they waited.
 *
 * <p>It asks the consumer itself ({@link Consumer#currentLag}), on the stream thread that owns it, which
 * answers from the partition's current position. It used to read the consumer's {@code records-lag} metric
 * and keep the metric it found; Kafka drops that metric when a partition leaves the consumer and makes a
 * new one when it comes back, so after a task moved away and back the kept one said for ever what it said
 * last, and another stream thread's metric for the same partition could be found instead.
 *
 * <p>The consumer's end is the last stable offset: records written behind a transaction still open are
 * not counted ({@link OpenTransactions}).
 */
public final class InputLag {

    /** For engines without a stream thread's consumer to ask (tests): always caught up. */
    public static final InputLag NONE = new InputLag(false, OpenTransactions.NONE);

    private final boolean watching;
    private final OpenTransactions transactions;

    private InputLag(boolean watching, OpenTransactions transactions) {
        this.watching = watching;
        this.transactions = transactions;
    }

    /**
     * Reads the lag from the main consumer of the stream thread that asks; the consumers must come from
     * {@link EngineTopology#clientSupplier()}, which tells each thread its consumer. What the consumer
     * calls the end may hide records behind an open transaction: {@code transactions} says when.
     */
    public static InputLag ofMainConsumers(OpenTransactions transactions) {
        return new InputLag(true, transactions);
    }

    /** False for {@link #NONE}: every input is applied as soon as it is given (a test driver), none waits. */
    boolean watches() {
        return watching;
    }

    /**
     * True when this thread's consumer has fetched {@code partition} up to its end and no open transaction
     * hides records behind that end, false while it has more to fetch or records are hidden, null while
     * that is not known (just assigned: the partition's end has not come back from the broker yet, or
     * not been looked at since {@code sinceNanos}, when the task began to read it).
     */
    Boolean fetchedToEnd(TopicPartition partition, long sinceNanos) {
        if (!watching) {
            return true;
        }
        Consumer<?, ?> consumer = StreamThreadSignals.current().consumer();
        if (consumer == null) {
            return null;
        }
        OptionalLong lag;
        try {
            lag = consumer.currentLag(partition);
        } catch (IllegalStateException e) {
            return null; // not (or no longer) assigned to this thread's consumer
        }
        if (lag.isEmpty()) {
            return null;
        }
        if (lag.getAsLong() > 0) {
            return false;
        }
        return switch (transactions.verdict(partition, sinceNanos, System.nanoTime())) {
            case CLEAR -> true;
            case HIDDEN -> false;
            case UNKNOWN -> null;
        };
    }
}
