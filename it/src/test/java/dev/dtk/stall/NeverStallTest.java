package dev.dtk.stall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.activity.ActivityOptions;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.client.InstanceQuery;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.samples.SampleApp;
import dev.dtk.testkit.LibrdkafkaPartitioner;
import dev.dtk.testkit.TestKafka;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityCompleted;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.DeadLetter;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing an input holds, nor any client, stalls a partition (issue: never stall, never lose), on a
 * real broker: oversized events refused with the reason while the partition keeps flowing, oversized
 * results and failures, activities that hang, orchestrator code that never returns, producers that
 * partition like librdkafka, and a query right after starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeverStallTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final String BIG = "x".repeat(900 * 1024);

    private LocalDtk dtk;
    private DtkGateway gateway;
    private DtkGateway otherGateway;
    private DtkClient client;
    private ActivityWorker slowWorker;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator("BigResult", ctx -> failureOf(() -> ctx.callActivity("Big", null, String.class).await()))
                .orchestrator("BigFailure", ctx -> failureOf(() -> ctx.callActivity("Throws", null, String.class)
                        .await()))
                .orchestrator("Spin", ctx -> {
                    long n = 0;
                    while (n >= 0) {
                        n++;
                    }
                    return n;
                })
                .orchestrator("Wait", ctx -> "got " + ctx.waitForExternalEvent("go", String.class).await())
                .orchestrator("Hangs", ctx -> List.of(
                        failureOf(() -> ctx.callActivity("Hang", null, String.class).await()),
                        ctx.callActivity("Quick", null, String.class).await()))
                .orchestrator("Foreign", ctx -> List.of(ctx.callActivity("Py", 1, Integer.class).await(),
                        ctx.callActivity("Py", 2, Integer.class).await(),
                        ctx.waitForExternalEvent("go", Integer.class).await()))
                .activity("Big", ctx -> BIG)
                .activity("Throws", ctx -> {
                    throw new IllegalStateException("m".repeat(2 * 1024 * 1024));
                });
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        kafka.createTopics(PARTITIONS, List.of("default", "sms", "foreign", "slow"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, PARTITIONS,
                AppCatalog.of(List.of(new SampleApp(), app), Map.of(), () -> (to, body) -> { }),
                engine -> engine.stepTimeout(Duration.ofSeconds(1)).route("Py", "foreign").route("Hang", "slow")
                        .route("Quick", "slow"));
        slowWorker = ActivityWorker.start(WorkerConfig.builder().bootstrapServers(dtk.bootstrapServers())
                .queue("slow").maxInFlight(1).build(), ActivityRegistry.builder()
                .register("Hang", ctx -> {
                    Thread.sleep(Long.MAX_VALUE);
                    return "never";
                }, Duration.ofMillis(500))
                .register("Quick", ctx -> "quick")
                .build());
        gateway = dtk.startGateway(GatewayConfig.builder().port(0), b -> { });
        otherGateway = dtk.startGateway(GatewayConfig.builder().port(0).stateDir(dir.resolve("other")), b -> { });
        client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers())).stateDir(dir.resolve("client"))
                .build();
    }

    @AfterAll
    void stop() {
        client.close();
        slowWorker.close(Duration.ZERO);
        dtk.close();
    }

    @Test
    void shouldRefuseOversizedEventsWithTheReasonWhileThePartitionKeepsFlowing() throws Exception {
        String approval = start("ApprovalWorkflow", "approval-big", null);
        HttpResponse<String> overHttp = post(gateway, "/runtime/webhooks/durabletask/instances/" + approval
                + "/raiseEvent/ApprovalEvent", "\"" + BIG + "\"");
        assertThat(overHttp.statusCode()).isEqualTo(413);
        assertThat(overHttp.body()).contains("is larger than the limit of 262144 bytes");

        try (TopicReader<DeadLetter> deadLetters = new TopicReader<>(dtk.bootstrapServers(), Topics.DEAD_LETTERS,
                DeadLetter.class)) {
            client.send(approval, RaiseEvent.of("ApprovalEvent", DtkJson.toTree(BIG))).join();
            client.send(approval, RaiseEvent.of("ApprovalEvent", DtkJson.toTree(BIG))).join();
            List<DeadLetter> refused = await().atMost(WAIT).until(
                    () -> deadLetters.values(l -> approval.equals(l.key())), l -> l.size() == 2);
            assertThat(refused).allSatisfy(letter -> {
                assertThat(letter.reason()).startsWith("the data of event 'ApprovalEvent' is 921602 bytes, over the"
                        + " limit of 262144 bytes for one payload (DTK_MAX_PAYLOAD_BYTES)");
                assertThat(letter.valueBytes()).isGreaterThan(900 * 1024);
            });
        }
        String neighbour = IntStream.range(0, 200).mapToObj(i -> "neighbour-" + i)
                .filter(id -> partition(id) == partition(approval)).findFirst().orElseThrow();
        client.startNew("HelloSequence", neighbour, null).join();
        assertThat(client.waitForCompletion(neighbour, WAIT).join().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        client.raiseEvent(approval, "ApprovalEvent", true).join();
        assertThat(client.waitForCompletion(approval, WAIT).join().output().asText()).isEqualTo("approved");
    }

    @Test
    void shouldFailATaskWhoseResultIsTooLargeAndCutAFailureThatIs() {
        String big = client.startNew("BigResult", null, null).join();
        String failure = client.startNew("BigFailure", null, null).join();

        assertThat(client.waitForCompletion(big, WAIT).join().output().asText())
                .startsWith("ActivityOutputTooLargeException: the output of activity 'Big' is 921602 bytes, over the"
                        + " limit of 262144 bytes");
        assertThat(client.waitForCompletion(failure, WAIT).join().output().asText())
                .startsWith("java.lang.IllegalStateException: mmm").endsWith("more characters cut]");
    }

    @Test
    void shouldFailAnActivityThatHangsAndFreeItsSlot() {
        String id = client.startNew("Hangs", null, null).join();

        JsonNode output = client.waitForCompletion(id, WAIT).join().output();

        assertThat(output.get(0).asText()).startsWith("ActivityTimeoutException: activity 'Hang' did not finish"
                + " within PT0.5S; it was interrupted and its slot freed");
        assertThat(output.get(1).asText()).as("the worker's only slot was free again").isEqualTo("quick");
    }

    @Test
    void shouldFailCodeThatNeverReturnsAndRunTheInstanceNextToIt() {
        String spin = client.startNew("Spin", null, null).join();
        String hello = client.startNew("HelloSequence", null, null).join();

        InstanceStatus spun = client.waitForCompletion(spin, WAIT).join();
        assertThat(spun.runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        assertThat(spun.failureDetails().errorType()).isEqualTo("OrchestratorStepTimeout");
        assertThat(client.waitForCompletion(hello, WAIT).join().runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(dtk.engine().abandonedRuns()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void shouldCompleteInstancesWhoseStartsEventsAndResultsComeFromALibrdkafkaPartitioner() {
        List<String> ids = IntStream.range(0, 8).mapToObj(i -> "foreign-" + i).toList();
        assertThat(ids).as("some keys land elsewhere than Java's partitioner puts them")
                .anyMatch(id -> LibrdkafkaPartitioner.partition(id, PARTITIONS) != partition(id));
        try (KafkaProducer<String, byte[]> producer = foreignProducer();
                KafkaConsumer<String, byte[]> tasks = new KafkaConsumer<>(Map.of(
                        "bootstrap.servers", dtk.bootstrapServers(), "group.id", "python-workers",
                        "auto.offset.reset", "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            tasks.subscribe(List.of(Topics.tasks("foreign")));
            for (String id : ids) {
                producer.send(new ProducerRecord<>(Topics.COMMANDS, id, DtkJson.write(StartOrchestration.of(
                        "Foreign", null))));
                producer.send(new ProducerRecord<>(Topics.COMMANDS, id, DtkJson.write(RaiseEvent.of("go",
                        DtkJson.toTree(3)))));
            }
            producer.flush();
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : tasks.poll(Duration.ofMillis(100))) {
                    ActivityTask task = DtkJson.read(record.value(), ActivityTask.class);
                    producer.send(new ProducerRecord<>(Topics.ACTIVITY_RESULTS, task.instanceId(), DtkJson.write(
                            ActivityCompleted.of(task, DtkJson.toTree(task.input().asInt() * 10)))));
                }
                producer.flush();
                return ids.stream().allMatch(id -> client.getStatus(id).join()
                        .map(s -> s.runtimeStatus() == RuntimeStatus.Completed).orElse(false));
            });
        }
        for (String id : ids) {
            assertThat(client.getStatus(id).join().orElseThrow().output().toString()).as(id).isEqualTo("[10,20,3]");
        }
    }

    @Test
    void shouldListInstancesRightAfterTheirStartsOnEveryGateway() throws Exception {
        List<String> ids = IntStream.range(0, 5).mapToObj(i -> "listed-" + i).toList();
        for (String id : ids) {
            assertThat(post(gateway, "/runtime/webhooks/durabletask/orchestrators/Wait/" + id, "").statusCode())
                    .isEqualTo(202);
        }

        for (DtkGateway each : List.of(gateway, otherGateway)) {
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(each.url()
                    + "/runtime/webhooks/durabletask/instances?instanceIdPrefix=listed-")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode page = DtkJson.read(listed.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
            assertThat(page.findValuesAsText("instanceId")).as(each.url()).containsExactlyElementsOf(ids);
        }
        assertThat(client.query(InstanceQuery.all().withPrefix("listed-").withStatuses(Set.of(RuntimeStatus.Pending,
                RuntimeStatus.Running)), 10, null).join().instances()).hasSize(5);
        ids.forEach(id -> client.terminate(id, "done").join());
    }

    private String start(String name, String id, Object input) {
        return client.startNew(name, id, input).join();
    }

    private HttpResponse<String> post(DtkGateway target, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(target.url() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private KafkaProducer<String, byte[]> foreignProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, dtk.bootstrapServers(),
                ProducerConfig.PARTITIONER_CLASS_CONFIG, LibrdkafkaPartitioner.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    private static int partition(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    private static String failureOf(java.util.concurrent.Callable<String> call) throws Exception {
        try {
            return call.call();
        } catch (TaskFailedException e) {
            return e.getFailureDetails().errorType() + ": " + e.getFailureDetails().errorMessage();
        }
    }
}
