package dev.dtk.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.worker.WorkerConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecallOnAssignmentTest {

    private static final TopicPartition TASKS = new TopicPartition("dtk.tasks.default", 0);

    @Test
    void shouldLetAPartitionFlowWhenReadingBackItsResultsHangsPastTheLimit() {
        CountDownLatch stuck = new CountDownLatch(1);
        MockConsumer<byte[], byte[]> hanging = new MockConsumer<>("earliest") {
            @Override
            public synchronized Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions,
                    Duration timeout) {
                stuck.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(10)); // a broker call that never answers, past its timeout
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Map.of();
            }
        };
        WorkerConfig config = WorkerConfig.builder().bootstrapServers("localhost:9092").queue("default").build();
        ResultRecall recall = new ResultRecall(config, hanging, Duration.ofMinutes(1), name -> true, 100);
        MockConsumer<byte[], byte[]> tasks = new MockConsumer<>("earliest");
        tasks.assign(List.of(TASKS));
        tasks.updateBeginningOffsets(Map.of(TASKS, 0L));
        RecallOnAssignment onAssignment = new RecallOnAssignment(recall,
                new TaskLedger(100, 1_000_000, r -> 10), "default", Duration.ofMillis(300));

        onAssignment.assigned(tasks, List.of(TASKS));
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.getCount() == 0);
        onAssignment.release();
        assertThat(onAssignment.held()).as("held while its results are read back").containsExactly(TASKS);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            onAssignment.release();
            return onAssignment.held().isEmpty();
        });
    }
}
