package dev.dtk.worker;

import org.awaitility.Awaitility;

import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityResults;
import dev.dtk.topics.message.ResultRecord;
import java.time.Duration;
import java.util.ArrayList;
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

    private final TopicReader<ResultRecord> results;
    private final String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";

    ResultWatch(WorkerBroker broker) {
        results = new TopicReader<>(broker.bootstrapServers(), Topics.ACTIVITY_RESULTS, ResultRecord.class);
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
        return values(r -> true);
    }

    List<ActivityResult> values(Predicate<ActivityResult> matching) {
        return results(ours().and(matching)).stream().map(ConsumerRecord::value).toList();
    }

    /** The test's records so far, as they were sent: one result each, or several of one execution. */
    List<ResultRecord> sent() {
        return results.values(r -> r.instanceId().startsWith(prefix));
    }

    /** Waits for at least {@code count} of the test's results; returns them, each as a record of its own. */
    List<ConsumerRecord<String, ActivityResult>> awaitRecords(int count) {
        return waiting().until(() -> results(ours()), r -> r.size() >= count);
    }

    /** Waits for at least {@code count} of the test's results. */
    List<ActivityResult> awaitValues(int count) {
        return awaitRecords(count).stream().map(ConsumerRecord::value).toList();
    }

    /** Every result read so far, a record of several results taken apart (with that record's key and offset). */
    private List<ConsumerRecord<String, ActivityResult>> results(Predicate<ActivityResult> matching) {
        List<ConsumerRecord<String, ActivityResult>> all = new ArrayList<>();
        for (ConsumerRecord<String, ResultRecord> record : results.records(r -> true)) {
            List<ActivityResult> inside = switch (record.value()) {
                case ActivityResult one -> List.of(one);
                case ActivityResults several -> several.results();
            };
            for (ActivityResult result : inside) {
                if (matching.test(result)) {
                    all.add(new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.key(),
                            result));
                }
            }
        }
        return all;
    }

    @Override
    public void close() {
        results.close();
    }
}
