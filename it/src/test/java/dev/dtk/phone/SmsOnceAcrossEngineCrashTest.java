package dev.dtk.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.client.DtkClient;
import dev.dtk.process.DtkProcess;
import dev.dtk.samples.phone.SendSmsChallenge;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.testkit.TestKafka;
import dev.dtk.testkit.TopicReader;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.worker.ActivityWorker;
import dev.dtk.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case the chaos issue found: the engine is killed ({@code kill -9}) after a worker has already run
 * the SMS task of a step the engine had not committed yet. The redone step sends the task again with
 * the same IDs; the worker answers it with the code it sent, so the person gets one SMS, and that code
 * verifies them.
 */
class SmsOnceAcrossEngineCrashTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final String PHONE = "+14255550199";

    @Test
    void shouldSendOneSmsWhoseCodeVerifiesWhenTheEngineDiesBeforeCommittingTheStep(@TempDir Path dir)
            throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        try (TestKafka kafka = TestKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(2, List.of("default", "sms"));
            String bootstrap = kafka.bootstrapServers();
            Map<String, String> env = Map.of("DTK_SMS_WINDOW_SECONDS", "300");
            String[] engineArgs = {"engine", "--bootstrap-servers", bootstrap, "--state-dir",
                dir.resolve("engine").toString(), "--query-port", "-1"};
            ActivityRegistry sms = ActivityRegistry.builder().register(SendSmsChallenge.NAME,
                    new SendSmsChallenge((to, body) -> sent.add(to + ": " + body))).build();
            Map<String, InstanceStatus> statuses = new ConcurrentHashMap<>();
            try (ActivityWorker worker = ActivityWorker.start(WorkerConfig.builder().bootstrapServers(bootstrap)
                            .queue(SendSmsChallenge.QUEUE).build(), sms);
                    DtkClient client = DtkClient.builder().kafka(KafkaSettings.of(bootstrap))
                            .stateDir(dir.resolve("client")).build();
                    // the task topic also holds the SMS activity's checkpoints: read it as JSON, keep the tasks
                    TopicReader<JsonNode> tasks = new TopicReader<>(bootstrap, Topics.tasks("sms"), JsonNode.class)) {
                client.onStatus((id, status) -> status.ifPresent(s -> statuses.put(id, s)));
                // an engine that commits its steps only every 30 s: the SMS step stays open long enough to kill it
                DtkProcess slow = DtkProcess.start(dir.resolve("logs"), "engine-1", env,
                        append(engineArgs, "--commit-interval-ms", "30000"));
                slow.awaitOutput("to RUNNING", START);
                client.startNew(SmsPhoneVerification.NAME, "verify-1", PHONE).join();

                await().atMost(START).until(() -> sent.size() == 1);
                assertThat(statuses).as("the step is not committed yet: no status is visible").isEmpty();
                slow.kill();

                try (DtkProcess engine = DtkProcess.start(dir.resolve("logs"), "engine-2", env, engineArgs)) {
                    engine.awaitOutput("to RUNNING", START);
                    await().atMost(START).until(() -> statuses.containsKey("verify-1"));
                    // the reader fetches as it is asked: wait until it has read the redone step's task too
                    List<ActivityTask> smsTasks = await().atMost(START).pollInSameThread()
                            .until(() -> tasks.values(t -> t.has("name") && t.path("instanceId").asText()
                                    .equals("verify-1")).stream().map(t -> DtkJson.read(DtkJson.write(t),
                                    ActivityTask.class)).toList(), t -> t.size() >= 2);
                    assertThat(smsTasks).as("the redone step sent the SMS task again, with the same IDs")
                            .hasSize(2).extracting(t -> t.executionId() + "#" + t.taskId()).containsOnly(
                                    statuses.get("verify-1").executionId() + "#0");

                    int code = Integer.parseInt(sent.getFirst().substring(sent.getFirst().length() - 4));
                    client.raiseEvent("verify-1", SmsPhoneVerification.RESPONSE_EVENT, code).join();

                    InstanceStatus done = client.waitForCompletion("verify-1", START).join();
                    assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
                    assertThat(done.output().asBoolean()).as("the code of the one SMS verifies").isTrue();
                    assertThat(sent).as("SMS sent").singleElement().asString()
                            .startsWith(PHONE + ": Your verification code is ");
                }
            }
        }
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }
}
