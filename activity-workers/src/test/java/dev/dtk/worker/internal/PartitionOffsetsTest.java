package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    private final PartitionOffsets offsets = new PartitionOffsets();

    @Test
    void shouldHaveNothingToCommitBeforeAnythingStarted() {
        assertThat(offsets.committable()).isEmpty();
    }

    @Test
    void shouldCommitTheFirstStartedOffsetWhileItIsUnfinished() {
        offsets.started(5);
        offsets.started(6);

        assertThat(offsets.committable()).hasValue(5);
    }

    @Test
    void shouldCommitOnePastTheHighestOffsetWhenAllAreFinished() {
        offsets.started(5);
        offsets.started(6);
        offsets.finished(6);
        offsets.finished(5);

        assertThat(offsets.committable()).hasValue(7);
    }

    @Test
    void shouldCommitUpToThePositionPastATransactionMarkerOnceAllIsFinished() {
        offsets.started(5);
        offsets.passed(7);
        assertThat(offsets.committable()).as("a task still runs").hasValue(5);

        offsets.finished(5);
        offsets.passed(7);

        assertThat(offsets.committable()).hasValue(7);
    }

    @Test
    void shouldPassNothingOnAPartitionWhereNothingStarted() {
        offsets.passed(7);

        assertThat(offsets.committable()).isEmpty();
    }

    @Test
    void shouldNotCommitPastAnUnfinishedOffsetWhenLaterOnesFinishFirst() {
        offsets.started(0);
        offsets.started(1);
        offsets.started(2);
        offsets.started(3);
        offsets.finished(0);
        offsets.finished(2);
        offsets.finished(3);

        assertThat(offsets.committable()).hasValue(1);

        offsets.finished(1);
        assertThat(offsets.committable()).hasValue(4);
    }

    @Test
    void shouldSkipGapsInOffsetsLeftByTransactionMarkers() {
        offsets.started(10);
        offsets.started(12);
        offsets.finished(10);

        assertThat(offsets.committable()).hasValue(12);
    }

    @Test
    void shouldOfferAnOffsetOnlyOnceItMovesPastTheLastCommit() {
        offsets.started(0);
        offsets.finished(0);
        offsets.committed(1);

        assertThat(offsets.committable()).isEmpty();

        offsets.started(1);
        assertThat(offsets.committable()).isEmpty();

        offsets.finished(1);
        assertThat(offsets.committable()).hasValue(2);
    }

    @Test
    void shouldIgnoreAFinishForAnOffsetThatNeverStarted() {
        offsets.started(3);
        offsets.finished(7);

        assertThat(offsets.committable()).hasValue(3);
        assertThat(offsets.unfinishedCount()).isEqualTo(1);
    }

    @Test
    void shouldNeverMoveTheCommitBackwards() {
        offsets.started(8);
        offsets.committed(8);
        offsets.committed(4);

        assertThat(offsets.committable()).isEmpty();
        offsets.finished(8);
        assertThat(offsets.committable()).hasValue(9);
    }

    @Test
    void shouldRefuseANegativeOffset() {
        assertThatThrownBy(() -> offsets.started(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("offset must not be negative, but was -1");
    }
}
