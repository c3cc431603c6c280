package dev.dtk.worker;

import static dev.dtk.worker.WorkerBroker.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityResult;
import dev.dtk.topics.message.ActivityTask;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task handed to workers again after it ran (the engine redid the step that sent it, or its worker
 * died before committing) is answered with the result it had, not run again; a rewound task runs again;
 * a read_committed queue never runs a task of an aborted step. Against a real broker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskOnceIntegrationTest {

    private WorkerBroker broker;
    private ResultWatch results;
    private String prefix;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @BeforeAll
    void startBroker(@TempDir Path dir) {
        broker = new WorkerBroker(dir, List.of("again", "joined", "died", "rewound", "committed", "checkpoint",
                "redone", "handover"));
    }

    @AfterAll
    void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void readResults() {
        results = new ResultWatch(broker);
        prefix = results.prefix();
        runs.clear();
    }

    @AfterEach
    void stopReading() {
        results.close();
    }


    /** An SMS-like activity: a new code on every run, and every run counted. */
    private ActivityRegistry codes() {
        AtomicInteger next = new AtomicInteger(1000);
        return ActivityRegistry.builder().register("SendCode", ctx -> {
            runs.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
            return next.incrementAndGet();
        }).build();
    }

    @Test
    void shouldAnswerATaskSentAgainByARedoneStepWithTheResultItHad() {
        ActivityTask sent = task(prefix + "v", 0, "SendCode", "+14255550100");
        try (ActivityWorker worker = ActivityWorker.start(broker.config("again").build(), codes())) {
            broker.send("again", sent);
            int code = ((ActivityCompleted) results.awaitValues(1).getFirst()).output().asInt();

            // the step that sent it is redone after an engine crash: the same IDs, another time
            broker.send("again", new ActivityTask(1, sent.instanceId(), sent.executionId(), sent.taskId(),
                    sent.name(), sent.input(), Instant.now(), 0));

            assertThat(results.awaitValues(2)).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ActivityCompleted.class,
                    c -> assertThat(c.output().asInt()).as("the code the first run sent").isEqualTo(code)));
        }
        assertThat(runs.get(prefix + "v")).as("runs of the activity").hasValue(1);
    }

    @Test
    void shouldAnswerACopySentAfterTheWorkerThatRanTheTaskDied() {
        ActivityTask sent = task(prefix + "d", 0, "SendCode", null);
        ActivityWorker first = ActivityWorker.start(broker.config("redone").build(), codes());
        broker.send("redone", sent);
        int code = ((ActivityCompleted) results.awaitValues(1).getFirst()).output().asInt();
        ResultWatch.waiting().until(() -> broker.committedOffsets("dtk-workers-redone").values().stream()
                .mapToLong(Long::longValue).sum(), sum -> sum == 1);
        first.close(Duration.ZERO);

        ActivityRegistry never = ActivityRegistry.builder().register("SendCode", ctx -> {
            throw new AssertionError("task " + ctx.getInstanceId() + " ran again");
        }).build();
        try (ActivityWorker next = ActivityWorker.start(broker.config("redone").build(), never)) {
            ResultWatch.waiting().until(() -> broker.membersWithPartitions("dtk-workers-redone"), m -> m == 1);
            // the engine that sent the task died before committing its step; the step, redone, sends it again
            broker.send("redone", new ActivityTask(1, sent.instanceId(), sent.executionId(), sent.taskId(),
                    sent.name(), sent.input(), Instant.now(), 0));

            assertThat(results.awaitValues(2)).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(ActivityCompleted.class,
                    c -> assertThat(c.output().asInt()).isEqualTo(code)));
        }
    }

    @Test
    void shouldLetTheTasksOfAPartitionFinishBeforeItMovesToAnotherWorker() {
        CountDownLatch started = new CountDownLatch(WorkerBroker.PARTITIONS);
        ActivityRegistry slow = ActivityRegistry.builder().register("Slow", ctx -> {
            runs.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
            started.countDown();
            Thread.sleep(2_000);
            return "done";
        }).build();
        try (ActivityWorker first = ActivityWorker.start(broker.config("handover").build(), slow)) {
            for (int p = 0; p < WorkerBroker.PARTITIONS; p++) {
                broker.send("handover", p, prefix + p, broker.taskJson(task(prefix + p, 0, "Slow", null)));
            }
            ResultWatch.waiting().until(() -> started.getCount() == 0);
            // a second worker joins while every partition has a task running: half of them move to it
            try (ActivityWorker second = ActivityWorker.start(broker.config("handover").build(), slow)) {
                ResultWatch.waiting().until(() -> broker.membersWithPartitions("dtk-workers-handover"), m -> m == 2);
                assertThat(results.awaitValues(WorkerBroker.PARTITIONS)).hasSize(WorkerBroker.PARTITIONS);
                await().pollInSameThread().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> results.values().size() == WorkerBroker.PARTITIONS);
            }
        }
        assertThat(runs).hasSize(WorkerBroker.PARTITIONS).allSatisfy((id, count) -> assertThat(count).hasValue(1));
    }

    @Test
    void shouldLetACopyThatArrivesWhileTheTaskRunsFinishWithThatRun() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActivityRegistry held = ActivityRegistry.builder().register("SendCode", ctx -> {
            runs.computeIfAbsent(ctx.getInstanceId(), id -> new AtomicInteger()).incrementAndGet();
            started.countDown();
            release.await();
            return 4242;
        }).build();
        ActivityTask sent = task(prefix + "j", 0, "SendCode", null);
        try (ActivityWorker worker = ActivityWorker.start(broker.config("joined").build(), held)) {
            broker.send("joined", sent);
            ResultWatch.waiting().until(() -> started.getCount() == 0);
            broker.send("joined", sent);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> runs.get(prefix + "j").get() == 1);

            release.countDown();

            assertThat(results.awaitValues(1)).allSatisfy(r -> assertThat(((ActivityCompleted) r).output().asInt())
                    .isEqualTo(4242));
            // both copies are done: the group moves past them
            ResultWatch.waiting().until(() -> broker.committedOffsets("dtk-workers-joined").values().stream()
                    .mapToLong(Long::longValue).sum(), sum -> sum == 2);
        }
        assertThat(runs.get(prefix + "j")).hasValue(1);
    }

    @Test
    void shouldNotRunAgainTheTasksAWorkerThatDiedHadAnswered() {
        CountDownLatch blocked = new CountDownLatch(1);
        ActivityRegistry first = ActivityRegistry.builder()
                .register("Block", ctx -> {
                    blocked.countDown();
                    new CountDownLatch(1).await(); // never opens: the offsets behind it are never committed
                    return "never";
                })
                .register("SendCode", codes().find("SendCode").orElseThrow())
                .build();
        ActivityRegistry second = ActivityRegistry.builder()
                .register("Block", ctx -> "done by the second worker")
                .register("SendCode", ctx -> {
                    throw new AssertionError("task " + ctx.getInstanceId() + " ran again");
                })
                .build();
        ActivityWorker dying = ActivityWorker.start(broker.config("died").build(), first);
        // as the engine sends them: keyed by instance ID, all on the blocked task's partition, after it
        broker.send("died", task(prefix + "block", 0, "Block", null));
        samePartitionAs(prefix + "block", 5).forEach(id -> broker.send("died", task(id, 0, "SendCode", null)));
        ResultWatch.waiting().until(() -> blocked.getCount() == 0 && results.values().size() == 5);

        dying.close(Duration.ZERO); // hands back what still runs; nothing behind the blocked task is committed

        try (ActivityWorker next = ActivityWorker.start(broker.config("died").build(), second)) {
            List<ActivityResult> all = results.awaitValues(11);
            assertThat(all).filteredOn(r -> r.name().equals("Block")).singleElement()
                    .satisfies(r -> assertThat(((ActivityCompleted) r).output().asText())
                            .isEqualTo("done by the second worker"));
            assertThat(all).filteredOn(r -> r.name().equals("SendCode")).hasSize(10)
                    .allSatisfy(r -> assertThat(r).as("answered with the first worker's result")
                            .isInstanceOf(ActivityCompleted.class));
        }
        assertThat(runs).hasSize(5).allSatisfy((id, count) -> assertThat(count).hasValue(1));
    }

    @Test
    void shouldGiveTheNextRunOfATaskWhatTheRunThatDiedSavedBeforeItsSideEffect() {
        List<String> provider = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch sent = new CountDownLatch(1);
        ActivityRegistry dying = ActivityRegistry.builder().register("Text", ctx -> {
            ctx.checkpoint(Map.of("code", 1234));
            provider.add("code 1234");
            sent.countDown();
            new CountDownLatch(1).await(); // the worker dies before its result is recorded
            return 1234;
        }).build();
        Map<String, Object> seen = new ConcurrentHashMap<>();
        ActivityRegistry next = ActivityRegistry.builder().register("Text", ctx -> {
            @SuppressWarnings("unchecked")
            Map<String, Integer> earlier = ctx.getCheckpoint(Map.class).orElse(null);
            seen.put("checkpoint", String.valueOf(earlier));
            if (earlier == null || !provider.contains("code " + earlier.get("code"))) {
                provider.add("code 9999");
                return 9999;
            }
            return earlier.get("code");
        }).build();
        ActivityWorker first = ActivityWorker.start(broker.config("checkpoint").build(), dying);
        broker.send("checkpoint", task(prefix + "t", 0, "Text", null));
        ResultWatch.waiting().until(() -> sent.getCount() == 0);

        first.close(Duration.ZERO);

        try (ActivityWorker second = ActivityWorker.start(broker.config("checkpoint").build(), next)) {
            assertThat(results.awaitValues(1)).singleElement().satisfies(r -> assertThat(((ActivityCompleted) r).output()
                    .asInt()).isEqualTo(1234));
        }
        assertThat(seen).containsEntry("checkpoint", "{code=1234}");
        assertThat(provider).containsExactly("code 1234");
    }

    /** {@code count} instance IDs that Kafka's default partitioner puts on the partition of {@code instanceId}. */
    private List<String> samePartitionAs(String instanceId, int count) {
        return java.util.stream.IntStream.range(0, 10_000).mapToObj(i -> prefix + i)
                .filter(id -> partitionOf(id) == partitionOf(instanceId)).limit(count).toList();
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                % WorkerBroker.PARTITIONS;
    }

    @Test
    void shouldRunARewoundTaskAgain() {
        ActivityTask failed = task(prefix + "r", 3, "SendCode", null);
        try (ActivityWorker worker = ActivityWorker.start(broker.config("rewound").build(), codes())) {
            broker.send("rewound", failed);
            results.awaitValues(1);

            broker.send("rewound", new ActivityTask(1, failed.instanceId(), failed.executionId(), failed.taskId(),
                    failed.name(), failed.input(), Instant.now(), 1));

            List<ActivityResult> both = results.awaitValues(2);
            assertThat(both).extracting(ActivityResult::rewinds).containsExactly(0, 1);
        }
        assertThat(runs.get(prefix + "r")).hasValue(2);
    }

    @Test
    void shouldNeverRunATaskOfAnAbortedStepWhenTheQueueReadsCommitted() {
        Map<String, Object> settings = Map.of("bootstrap.servers", broker.bootstrapServers(),
                "transactional.id", "engine-" + prefix);
        try (KafkaProducer<String, byte[]> engine = new KafkaProducer<>(settings, new StringSerializer(),
                new ByteArraySerializer());
                ActivityWorker worker = ActivityWorker.start(broker.config("committed").readCommitted(true).build(),
                        codes())) {
            engine.initTransactions();
            engine.beginTransaction();
            engine.send(new ProducerRecord<>(Topics.tasks("committed"), 1, prefix + "aborted",
                    DtkJson.write(task(prefix + "aborted", 0, "SendCode", null))));
            engine.flush();
            engine.abortTransaction();
            engine.beginTransaction();
            engine.send(new ProducerRecord<>(Topics.tasks("committed"), 1, prefix + "committed",
                    DtkJson.write(task(prefix + "committed", 0, "SendCode", TextNode.valueOf("after")))));
            engine.commitTransaction();

            assertThat(results.awaitValues(1)).singleElement().extracting(ActivityResult::instanceId)
                    .isEqualTo(prefix + "committed");
        }
        assertThat(runs).containsOnlyKeys(prefix + "committed");
    }
}
