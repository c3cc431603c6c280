package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("dtk.tasks.q", 0);
    private static final TopicPartition P1 = new TopicPartition("dtk.tasks.q", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void shouldCommitEachPartitionUpToItsFirstUnfinishedOffset() {
        PartitionOffsets p0 = tracker.started(P0, 0);
        tracker.started(P0, 1);
        PartitionOffsets p1 = tracker.started(P1, 7);
        p0.finished(0);
        p1.finished(7);

        assertThat(tracker.committable()).isEqualTo(Map.of(P0, 1L, P1, 8L));
        assertThat(tracker.unfinishedCount()).isEqualTo(1);
    }

    @Test
    void shouldNotOfferWhatWasAlreadyCommitted() {
        tracker.started(P0, 0).finished(0);
        tracker.committed(tracker.committable());

        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void shouldOfferOnlyTheAskedPartitions() {
        tracker.started(P0, 0).finished(0);
        tracker.started(P1, 0).finished(0);

        assertThat(tracker.committable(List.of(P1))).isEqualTo(Map.of(P1, 1L));
    }

    @Test
    void shouldIgnoreWorkFinishingOnAForgottenPartition() {
        PartitionOffsets revoked = tracker.started(P0, 3);
        tracker.forget(List.of(P0));
        revoked.finished(3);

        assertThat(tracker.committable()).isEmpty();

        tracker.started(P0, 3);
        assertThat(tracker.committable()).isEqualTo(Map.of(P0, 3L));
    }
}
