package dev.dtk.worker;

import org.awaitility.Awaitility;

import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.ActivityResult;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionFactory;

/**
 * The results one test's workers publish: the test's instance IDs start with {@link #prefix()}, so
 * tests that share a broker see only their own results. Read from the test's thread only.
 */
final class ResultWatch implements AutoCloseable {

    private final TopicReader<ActivityResult> results;
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";

    ResultWatch(WorkerBroker broker) {
        results = new TopicReader<>(broker.bootstrapServers(), Topics.ACTIVITY_RESULTS, ActivityResult.class);
    }

    /** The start of every instance ID of the test. */
    String prefix() {
        return prefix;
    }

    static ConditionFactory waiting() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread().pollInterval(Duration.ofMillis(20));
    }

    Predicate<ActivityResult> ours() {
        return r -> r.instanceId().startsWith(prefix);
    }

    /** The test's results so far. */
    List<ActivityResult> values() {
        return results.values(ours());
    }

    List<ActivityResult> values(Predicate<ActivityResult> matching) {
        return results.values(ours().and(matching));
    }

    /** Waits for at least {@code count} of the test's results; returns them as records. */
    List<ConsumerRecord<String, ActivityResult>> awaitRecords(int count) {
        return waiting().until(() -> results.records(ours()), r -> r.size() >= count);
    }

    /** Waits for at least {@code count} of the test's results. */
    List<ActivityResult> awaitValues(int count) {
        return awaitRecords(count).stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        results.close();
    }
}
