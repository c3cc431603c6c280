package dev.dtk.engine.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.engine.streams.OpenTransactions.Verdict;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenTransactionsTest {

    private static final TopicPartition P = new TopicPartition("dtk.commands", 3);
    private static final long MS = 1_000_000;
    private static final long INTERVAL = OpenTransactions.LOOK_EVERY.toNanos();
    /** When the task asking began to read the partition. */
    private static final long BEGAN = 1_000 * MS;

    private final OpenTransactions transactions = OpenTransactions.watched();
    private final AtomicInteger looksWanted = new AtomicInteger();

    @BeforeEach
    void watchLooksWanted() {
        transactions.onLookWanted(looksWanted::incrementAndGet);
    }

    @Test
    void shouldAskForALookWhenNoneWasTakenSinceTheTaskBegan() {
        transactions.observed(P, BEGAN - MS, 10, 10);

        assertThat(verdictAt(BEGAN + MS)).isEqualTo(Verdict.UNKNOWN);
        assertThat(looksWanted).hasValue(1);
    }

    @Test
    void shouldSeeNothingHiddenWhenEveryRecordWrittenIsVisible() {
        transactions.observed(P, BEGAN + MS, 10, 10);

        assertThat(verdictAt(BEGAN + 2 * MS)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void shouldFindATransactionLeftOpenOnceItsStableOffsetStaysAWholeInterval() {
        transactions.observed(P, BEGAN + MS, 10, 15);
        assertThat(verdictAt(BEGAN + 2 * MS)).as("one look: about to commit, or left open").isEqualTo(Verdict.UNKNOWN);

        transactions.observed(P, BEGAN + MS + INTERVAL, 10, 18);
        assertThat(verdictAt(BEGAN + 2 * MS + INTERVAL)).isEqualTo(Verdict.HIDDEN);

        // fenced or timed out: its records are aborted, the stable offset moves past them
        transactions.observed(P, BEGAN + MS + 2 * INTERVAL, 19, 19);
        assertThat(verdictAt(BEGAN + 2 * MS + 2 * INTERVAL)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void shouldTakeAStableOffsetThatMovesForTransactionsEndingAsTheyShould() {
        transactions.observed(P, BEGAN + MS, 10, 15);
        transactions.observed(P, BEGAN + MS + INTERVAL, 16, 20);

        assertThat(verdictAt(BEGAN + 2 * MS + INTERVAL)).isEqualTo(Verdict.CLEAR);
    }

    @Test
    void shouldNotCallATransactionJustBegunLeftOpen() {
        // all visible a whole interval ago, a transaction begun since at the same offset
        transactions.observed(P, BEGAN + MS, 10, 10);
        transactions.observed(P, BEGAN + MS + INTERVAL, 10, 12);

        assertThat(verdictAt(BEGAN + 2 * MS + INTERVAL)).isNotEqualTo(Verdict.HIDDEN);
    }

    @Test
    void shouldKnowNothingFromALookTooOld() {
        transactions.observed(P, BEGAN + MS, 10, 15);
        transactions.observed(P, BEGAN + MS + INTERVAL, 10, 15);

        long later = BEGAN + MS + INTERVAL + OpenTransactions.STALE_AFTER.toNanos() + MS;
        assertThat(verdictAt(later)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void shouldForgetPartitionsNoLongerRead() {
        transactions.observed(P, BEGAN + MS, 10, 10);
        transactions.retainOnly(Set.of(new TopicPartition("dtk.commands", 0)));

        assertThat(verdictAt(BEGAN + 2 * MS)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void shouldSeeNothingHiddenWhereNobodyLooks() {
        assertThat(OpenTransactions.NONE.verdict(P, BEGAN, BEGAN + MS)).isEqualTo(Verdict.CLEAR);
    }

    private Verdict verdictAt(long nowNanos) {
        return transactions.verdict(P, BEGAN, nowNanos);
    }
}
