package dev.dtk.engine.streams;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether an open transaction hides input on the engine's partitions, from looks at their ends taken now
 * and then ({@link #observed}): the last stable offset, up to which {@code read_committed} readers see, and
 * the high watermark, up to which records were written.
 *
 * <p>A killed engine leaves its open transaction behind until it is fenced or times out (4 × the step
 * timeout). Records written to a partition after that transaction's first one are invisible to the
 * engine, which reads {@code read_committed}, however long ago they were sent: its consumer sees the
 * partition as read to its end. An answer sent in time sat behind such a transaction while its
 * timeout fell due and fired. Looks that find the stable offset below the high watermark and not moved for
 * a whole interval find a transaction left open: a live engine commits within its commit interval. Until
 * a later look finds the stable offset moved, due timers of that partition's task wait as they wait for
 * input not read yet: a timeout fires late (at most the transaction timeout) rather than before an
 * answer sent in time. A timer that falls due before such a transaction is found (two looks, up to two
 * intervals after it was left open) is not covered.
 */
public final class OpenTransactions {

    /** How often the engine looks; two looks tell a stuck transaction from one about to commit. */
    public static final Duration LOOK_EVERY = Duration.ofMillis(250);

    /** A look this old says nothing any more (the broker could not be asked since). */
    static final Duration STALE_AFTER = LOOK_EVERY.multipliedBy(20);

    /** For engines that do not look (tests): nothing is ever hidden. */
    public static final OpenTransactions NONE = new OpenTransactions(false);

    /** What the looks say of a partition. */
    enum Verdict {
        /** Nothing hidden: every record written is visible, or the stable offset moves on. */
        CLEAR,
        /** A transaction has stayed open across two looks: records written after it are hidden. */
        HIDDEN,
        /** Not looked at twice since the given time, or only long ago. */
        UNKNOWN
    }

    /** One look at a partition's ends, at {@code atNanos} ({@link System#nanoTime}). */
    record Look(long atNanos, long stableOffset, long highWatermark) {
        boolean allVisible() {
            return stableOffset >= highWatermark;
        }
    }

    /**
     * The last look, whether there was one before it, and since when the stable offset has stayed where it is
     * below the high watermark.
     */
    private record Looks(Look last, boolean earlier, long sameSinceNanos) {
    }

    private final boolean looking;
    private final Map<TopicPartition, Looks> looks = new ConcurrentHashMap<>();
    private volatile Runnable lookSoon = () -> { };

    private OpenTransactions(boolean looking) {
        this.looking = looking;
    }

    /** Filled by the engine's looks ({@link #observed}). */
    public static OpenTransactions watched() {
        return new OpenTransactions(true);
    }

    /** Records a look at {@code partition}. */
    public void observed(TopicPartition partition, long atNanos, long stableOffset, long highWatermark) {
        Look look = new Look(atNanos, stableOffset, highWatermark);
        looks.compute(partition, (p, before) -> before == null ? new Looks(look, false, atNanos)
                : new Looks(look, true, stuck(before.last(), stableOffset) ? before.sameSinceNanos() : atNanos));
    }

    /** Whether the stable offset stays where {@code before} found it below the high watermark. */
    private static boolean stuck(Look before, long stableOffset) {
        return !before.allVisible() && before.stableOffset() == stableOffset;
    }

    /** Forgets the partitions the engine no longer reads. */
    public void retainOnly(Set<TopicPartition> partitions) {
        looks.keySet().retainAll(partitions);
    }

    /** What to run when a task needs a look sooner than the next regular one (just assigned). */
    public void onLookWanted(Runnable lookSoon) {
        this.lookSoon = lookSoon;
    }

    /**
     * Whether records on {@code partition} may be hidden behind an open transaction, from looks taken
     * after {@code sinceNanos} (when the task asking began to read it).
     */
    Verdict verdict(TopicPartition partition, long sinceNanos, long nowNanos) {
        if (!looking) {
            return Verdict.CLEAR;
        }
        Looks seen = looks.get(partition);
        if (seen == null || seen.last().atNanos() - sinceNanos < 0) {
            lookSoon.run();
            return Verdict.UNKNOWN;
        }
        Look last = seen.last();
        if (nowNanos - last.atNanos() > STALE_AFTER.toNanos()) {
            return Verdict.UNKNOWN;
        }
        if (last.allVisible()) {
            return Verdict.CLEAR;
        }
        if (last.atNanos() - seen.sameSinceNanos() >= LOOK_EVERY.toNanos()) {
            return Verdict.HIDDEN; // open across a whole interval: stuck, not about to commit
        }
        // the stable offset moved since the look before (transactions end as they should), or it has not
        // been watched for an interval yet: the next look tells
        return seen.earlier() && seen.sameSinceNanos() == last.atNanos() ? Verdict.CLEAR : Verdict.UNKNOWN;
    }
}
