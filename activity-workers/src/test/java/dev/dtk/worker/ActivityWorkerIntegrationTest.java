package dev.dtk.worker;

import static dev.dtk.worker.WorkerBroker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.Topics;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityFailed;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Activity workers against a real broker ({@link dev.dtk.testkit.TestKafka}): each test has a queue of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActivityWorkerIntegrationTest {

    private WorkerBroker broker;
    private ResultWatch results;
    private String prefix;

    @BeforeAll
    void startBroker(@TempDir Path dir) {
        broker = new WorkerBroker(dir, List.of("results", "concurrent", "fan-out", "alone", "marked", "bounded", "malformed", "graceful", "crash",
                "shared"));
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void readResults() {
        results = new ResultWatch(broker);
        prefix = results.prefix();
    }

    @AfterEach
    void stopReading() {
        results.close();
    }

    private static ConditionFactory waiting() {
        return ResultWatch.waiting();
    }

    private Predicate<ActivityResult> ours() {
        return results.ours();
    }

    private List<ConsumerRecord<String, ActivityResult>> awaitResults(int count) {
        return results.awaitRecords(count);
    }

    @Test
    void shouldProduceResultsAndFailuresKeyedByInstanceId() {
        ActivityRegistry registry = ActivityRegistry.builder()
                .register("SayHello", ctx -> "Hello " + ctx.getInput(String.class) + "!")
                .register("Fail", ctx -> {
                    throw new IllegalStateException("no luck for " + ctx.getInstanceId());
                })
                .register("Nothing", ctx -> null)
                .build();
        try (ActivityWorker worker = ActivityWorker.start(broker.config("results").build(), registry)) {
            broker.send("results", task(prefix + "hello", 1, "SayHello", "Tokyo"));
            broker.send("results", task(prefix + "fail", 2, "Fail", null));
            broker.send("results", task(prefix + "null", 3, "Nothing", null));
            broker.send("results", task(prefix + "unknown", 4, "Missing", null));

            List<ConsumerRecord<String, ActivityResult>> records = awaitResults(4);

            assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().instanceId()));
            Map<String, ActivityResult> byInstance = new ConcurrentHashMap<>();
            records.forEach(r -> byInstance.put(r.key().substring(prefix.length()), r.value()));
            assertThat(byInstance.get("hello")).isInstanceOfSatisfying(ActivityCompleted.class, c -> {
                assertThat(c.output().asText()).isEqualTo("Hello Tokyo!");
                assertThat(c.executionId()).isEqualTo("e-" + prefix + "hello");
                assertThat(c.taskId()).isEqualTo(1);
                assertThat(c.name()).isEqualTo("SayHello");
            });
            assertThat(byInstance.get("fail")).isInstanceOfSatisfying(ActivityFailed.class, f -> {
                assertThat(f.taskId()).isEqualTo(2);
                assertThat(f.failure().errorType()).isEqualTo("java.lang.IllegalStateException");
                assertThat(f.failure().errorMessage()).isEqualTo("no luck for " + prefix + "fail");
                assertThat(f.failure().stackTrace()).contains("ActivityWorkerIntegrationTest");
            });
            assertThat(byInstance.get("null")).isInstanceOfSatisfying(ActivityCompleted.class,
                    c -> assertThat(c.output()).isNull());
            assertThat(byInstance.get("unknown")).isInstanceOfSatisfying(ActivityFailed.class, f -> {
                assertThat(f.failure().errorType()).isEqualTo("ActivityNotFoundException");
                assertThat(f.failure().errorMessage()).isEqualTo("no activity named 'Missing' is registered on queue"
                        + " 'results'; registered activities: [Fail, Nothing, SayHello]");
            });
        }
    }

    @Test
    void shouldRunManyActivitiesAtOnce() {
        int tasks = 20;
        CountDownLatch allStarted = new CountDownLatch(tasks);
        ActivityRegistry registry = ActivityRegistry.builder().register("Gather", ctx -> {
            allStarted.countDown();
            // only opens once every task runs at the same time: one at a time would never get here
            return allStarted.await(30, TimeUnit.SECONDS) ? "together" : "alone";
        }).build();
        try (ActivityWorker worker = ActivityWorker.start(broker.config("concurrent").maxInFlight(32).build(),
                registry)) {
            for (int i = 0; i < tasks; i++) {
                broker.send("concurrent", task(prefix + i, i, "Gather", null));
            }

            assertThat(awaitResults(tasks)).extracting(ConsumerRecord::value)
                    .allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ActivityCompleted.class,
                            c -> assertThat(c.output().asText()).isEqualTo("together")))
                    .hasSize(tasks);
        }
    }

    @Test
    void shouldSendTheResultsOfAFanOutThatEndTogetherAsFewRecords() {
        int tasks = 40;
        CountDownLatch allStarted = new CountDownLatch(tasks);
        ActivityRegistry registry = ActivityRegistry.builder().register("Square", ctx -> {
            allStarted.countDown();
            allStarted.await(30, TimeUnit.SECONDS); // all end together, as a fan-out's do
            int n = ctx.getInput(Integer.class);
            return n * n;
        }).build();
        String instance = prefix + "fan";
        try (ActivityWorker worker = ActivityWorker.start(broker.config("fan-out").maxInFlight(64).build(),
                registry)) {
            for (int i = 0; i < tasks; i++) {
                broker.send("fan-out", task(instance, i, "Square", i));
            }

            assertThat(results.awaitValues(tasks)).extracting(ActivityResult::taskId)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, tasks).boxed().toList());
            assertThat(results.values()).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ActivityCompleted.class,
                    c -> assertThat(c.output().asInt()).isEqualTo(c.taskId() * c.taskId())));
            assertThat(results.sent()).as("records for %d results", tasks).hasSizeLessThan(tasks / 2)
                    .allSatisfy(r -> assertThat(r.instanceId()).isEqualTo(instance));
        }
    }

    @Test
    void shouldCommitPastTheMarkerOfTheEnginesTransactionSoTheGroupShowsNoLag() throws Exception {
        ActivityRegistry registry = ActivityRegistry.builder().register("SayHello", ctx -> "hi").build();
        try (ActivityWorker worker = ActivityWorker.start(broker.config("marked").build(), registry)) {
            for (int i = 0; i < 2; i++) {
                broker.sendInTransaction("marked", 0, task(prefix + "marked", i, "SayHello", null));
            }
            results.awaitValues(2);

            long end = broker.endOffset("marked", 0);
            assertThat(end).as("two tasks, each followed by its transaction's marker").isEqualTo(4);
            waiting().until(() -> broker.committedOffsets("dtk-workers-marked").get(0), o -> o != null && o == end);
        }
    }

    @Test
    void shouldSendTheResultOfATaskAloneAtOnce() {
        ActivityRegistry registry = ActivityRegistry.builder().register("SayHello", ctx -> "hi").build();
        try (ActivityWorker worker = ActivityWorker.start(broker.config("alone").build(), registry)) {
            for (int i = 0; i < 3; i++) {
                broker.send("alone", task(prefix + "seq", i, "SayHello", null));
                int sent = i + 1;
                results.awaitValues(sent);
                assertThat(results.sent()).as("one record per result of a sequence").hasSize(sent)
                        .allSatisfy(r -> assertThat(r).isInstanceOf(ActivityCompleted.class));
            }
        }
    }

    @Test
    void shouldNeverRunMoreThanMaxInFlightActivitiesAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ActivityRegistry registry = ActivityRegistry.builder().register("Hold", ctx -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await();
                return "held";
            } finally {
                running.decrementAndGet();
            }
        }).build();
        try (ActivityWorker worker = ActivityWorker.start(broker.config("bounded").maxInFlight(3).build(),
                registry)) {
            for (int i = 0; i < 12; i++) {
                broker.send("bounded", task(prefix + i, i, "Hold", null));
            }

            waiting().untilAsserted(() -> assertThat(running).hasValue(3));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(running.get()).isLessThanOrEqualTo(3));
            release.countDown();

            assertThat(awaitResults(12)).hasSize(12);
            assertThat(mostAtOnce).hasValue(3);
        }
    }

    @Test
    void shouldDeadLetterAMalformedTaskAndCompleteTheNextOneOnThePartition() throws Exception {
        ActivityRegistry registry = ActivityRegistry.builder().register("SayHello", ctx -> "hi").build();
        byte[] binary = {(byte) 0xc3, (byte) 0x28, 0x01};
        broker.send("malformed", 1, prefix + "bad-json", "{not json".getBytes(StandardCharsets.UTF_8));
        broker.send("malformed", 1, prefix + "binary", binary);
        broker.send("malformed", 1, prefix + "no-id", """
                {"v":1,"executionId":"e","taskId":1,"name":"SayHello"}""".getBytes(StandardCharsets.UTF_8));
        broker.send("malformed", 1, prefix + "good", broker.taskJson(task(prefix + "good", 1, "SayHello", null)));

        try (ActivityWorker worker = ActivityWorker.start(broker.config("malformed").build(), registry);
                TopicReader<DeadLetter> deadLetters =
                        new TopicReader<>(broker.bootstrapServers(), Topics.DEAD_LETTERS, DeadLetter.class)) {
            assertThat(awaitResults(1)).singleElement()
                    .satisfies(r -> assertThat(r.value()).isInstanceOf(ActivityCompleted.class));

            List<DeadLetter> letters = waiting().until(
                    () -> deadLetters.values(d -> d.key() != null && d.key().startsWith(prefix)), l -> l.size() >= 3);
            assertThat(letters).allSatisfy(d -> {
                assertThat(d.sourceTopic()).isEqualTo("dtk.tasks.malformed");
                assertThat(d.partition()).isEqualTo(1);
                assertThat(d.deadLetteredAt()).isNotNull();
            });
            assertThat(letters).extracting(DeadLetter::offset).containsExactly(0L, 1L, 2L);
            assertThat(letters.get(0).value()).isEqualTo("{not json");
            assertThat(letters.get(0).reason()).startsWith("not a valid ActivityTask: Unexpected character");
            assertThat(letters.get(1).value()).isNull();
            assertThat(letters.get(1).valueBase64()).isEqualTo(Base64.getEncoder().encodeToString(binary));
            assertThat(letters.get(2).reason())
                    .isEqualTo("not a valid ActivityTask: missing required field 'instanceId'");
            // dead letters count as finished: the group moves past all four records
            waiting().until(() -> broker.committedOffsets("dtk-workers-malformed").get(1), o -> o != null && o == 4L);
        }
    }

    @Test
    void shouldFinishInFlightActivitiesOnGracefulCloseSoThatTheyDoNotRunAgain() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ActivityRegistry registry = ActivityRegistry.builder()
                .register("Hold", ctx -> {
                    runs.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
                    started.incrementAndGet();
                    release.await();
                    return "finished";
                })
                .register("Marker", ctx -> "marker")
                .build();
        ActivityWorker first = ActivityWorker.start(broker.config("graceful").build(), registry);
        for (int i = 0; i < 8; i++) {
            broker.send("graceful", task(prefix + i, i, "Hold", null));
        }
        waiting().untilAsserted(() -> assertThat(started).hasValue(8));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !closing.isDone());
        release.countDown();
        waiting().until(closing::isDone);
        assertThat(waiting().until(() -> results.values(ours()), r -> r.size() >= 8)).hasSize(8)
                .allSatisfy(r -> assertThat(r).isInstanceOf(ActivityCompleted.class));

        try (ActivityWorker second = ActivityWorker.start(broker.config("graceful").build(), registry)) {
            for (int p = 0; p < WorkerBroker.PARTITIONS; p++) {
                broker.send("graceful", p, prefix + "marker-" + p,
                        broker.taskJson(task(prefix + "marker-" + p, 0, "Marker", null)));
            }
            // each partition's marker comes after its tasks: once all markers are done, a rerun would have shown
            waiting().until(() -> results.values(ours().and(r -> r.name().equals("Marker"))), m -> m.size() == 4);
        }
        assertThat(runs).hasSize(8).allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertThat(results.values(ours())).hasSize(12);
        first.close(); // closing twice is harmless
    }

    @Test
    void shouldRedeliverInFlightTasksAfterAWorkerCrash() {
        CountDownLatch started = new CountDownLatch(6);
        ActivityRegistry stuck = ActivityRegistry.builder().register("Slow", ctx -> {
            started.countDown();
            new CountDownLatch(1).await(); // never opens: the worker goes away while this runs
            return "done by the first worker";
        }).build();
        ActivityRegistry healthy = ActivityRegistry.builder().register("Slow", ctx -> "done by the second worker")
                .build();
        ActivityWorker first = ActivityWorker.start(broker.config("crash").build(), stuck);
        for (int i = 0; i < 6; i++) {
            broker.send("crash", task(prefix + i, i, "Slow", null));
        }
        waiting().until(() -> started.getCount() == 0);

        first.close(Duration.ZERO);

        try (ActivityWorker second = ActivityWorker.start(broker.config("crash").build(), healthy)) {
            List<ConsumerRecord<String, ActivityResult>> records = awaitResults(6);
            assertThat(records).extracting(ConsumerRecord::value)
                    .allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ActivityCompleted.class,
                            c -> assertThat(c.output().asText()).isEqualTo("done by the second worker")))
                    .extracting(ActivityResult::instanceId).doesNotHaveDuplicates().hasSize(6);
        }
    }

    @Test
    void shouldShareAQueueBetweenTheWorkersOfAGroup() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger ranOnSecond = new AtomicInteger();
        Activity where = ctx -> runs.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
        ActivityRegistry firstActivities = ActivityRegistry.builder().register("Where", where).build();
        ActivityRegistry secondActivities = ActivityRegistry.builder().register("Where", ctx -> {
            ranOnSecond.incrementAndGet();
            return where.run(ctx);
        }).build();
        try (ActivityWorker first = ActivityWorker.start(broker.config("shared").build(), firstActivities)) {
            for (int i = 0; i < 10; i++) {
                broker.send("shared", task(prefix + "before-" + i, i, "Where", null));
            }
            awaitResults(10);
            try (ActivityWorker second = ActivityWorker.start(broker.config("shared").build(), secondActivities)) {
                waiting().until(() -> broker.membersWithPartitions("dtk-workers-shared"), m -> m == 2);
                for (int i = 0; i < 40; i++) {
                    broker.send("shared", task(prefix + "after-" + i, i, "Where", null));
                }
                awaitResults(50);
            }
        }
        assertThat(ranOnSecond.get()).as("tasks run by the second worker").isBetween(1, 39);
        // what finished before the second worker joined was committed, so the rebalance did not rerun it
        assertThat(runs.entrySet()).filteredOn(run -> run.getKey().contains("before-"))
                .hasSize(10).allSatisfy(run -> assertThat(run.getValue()).hasValue(1));
        assertThat(runs).hasSize(50);
    }
}
