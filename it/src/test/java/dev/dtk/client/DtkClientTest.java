package dev.dtk.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.local.LocalDtk;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@link DtkClient} as a Java service embeds it, against dtk on a real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DtkClientTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Whether activity Flaky fails (the workers run in this JVM). */
    private static final AtomicBoolean FLAKY_FAILS = new AtomicBoolean(true);

    private LocalDtk dtk;
    private DtkClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator("Greeting", ctx -> "Hello " + ctx.callActivity("Name", ctx.getInput(String.class),
                        String.class).await())
                .orchestrator("Waiting", ctx -> "got " + ctx.waitForExternalEvent("Go", String.class).await())
                .orchestrator("Failing", ctx -> {
                    throw new IllegalStateException("no luck");
                })
                .orchestrator("Rewindable", ctx -> ctx.callActivity("Flaky", ctx.getInput(String.class),
                        String.class).await())
                .activity("Name", ctx -> ctx.getInput(String.class).toUpperCase(java.util.Locale.ROOT))
                .activity("Flaky", ctx -> {
                    if (FLAKY_FAILS.get()) {
                        throw new IllegalStateException("flaky for now");
                    }
                    return "flaky " + ctx.getInput(String.class);
                });
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                AppCatalog.of(List.of(app), Map.of(), () -> (to, body) -> { }), engine -> { });
        client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers())).stateDir(dir.resolve("client"))
                .engineUrls(List.of(URI.create(dtk.engine().queryUrl().orElseThrow())))
                .engineQuerySecret(dtk.engineQuerySecret())
                .gatewayUrl(URI.create("https://dtk.example")).build();
    }

    @AfterAll
    void stop() {
        client.close();
        dtk.close();
    }

    @Test
    void shouldStartAndWaitForCompletionFromTheStatusFeed() {
        String id = client.startNew("Greeting", null, "ada").join();

        InstanceStatus done = client.waitForCompletion(id, WAIT).join();

        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(done.runtimeStatus()).isEqualTo(RuntimeStatus.Completed);
        assertThat(done.output().asText()).isEqualTo("Hello ADA");
        assertThat(client.getHistory(id, true).join().orElseThrow().toString()).contains("TaskCompleted", "ADA");
    }

    @Test
    void shouldRefuseAnUnknownOrchestratorAndALiveInstanceId() {
        assertThatThrownBy(() -> client.startNew("Nope", null, null).join())
                .hasCauseInstanceOf(UnknownOrchestratorException.class)
                .hasMessageContaining("Registered orchestrators: [Failing, Greeting, Rewindable, Waiting]");
        client.startNew("Waiting", "client-live", null).join();
        assertThatThrownBy(() -> client.startNew("Waiting", "client-live", null).join())
                .hasCauseInstanceOf(InstanceStateConflictException.class);
        client.terminate("client-live", "done").join();
    }

    @Test
    void shouldRaiseSuspendResumeAndTerminate() {
        String id = client.startNew("Waiting", "client-events", null).join();
        client.suspend(id, "pause").join();
        awaitStatus(id, RuntimeStatus.Suspended);
        assertThatThrownBy(() -> client.suspend(id, "again").join())
                .hasCauseInstanceOf(InstanceStateConflictException.class);
        client.raiseEvent(id, "Go", "now").join();
        client.resume(id, "go on").join();

        assertThat(client.waitForCompletion(id, WAIT).join().output().asText()).isEqualTo("got now");
        assertThatThrownBy(() -> client.raiseEvent(id, "Go", "late").join())
                .hasCauseInstanceOf(InstanceFinishedException.class);
        assertThatThrownBy(() -> client.terminate("client-nobody", null).join())
                .hasCauseInstanceOf(InstanceNotFoundException.class);
    }

    @Test
    void shouldRewindRestartAndPurge() {
        String failed = client.startNew("Failing", "client-failing", null).join();
        assertThat(client.waitForCompletion(failed, WAIT).join().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        String again = client.restart(failed, true).join();
        assertThat(again).isNotEqualTo(failed);
        assertThat(client.waitForCompletion(again, WAIT).join().name()).isEqualTo("Failing");

        assertThat(client.purge(failed).join()).isEqualTo(1);
        assertThat(client.getStatus(failed).join()).isEmpty();
    }

    @Test
    void shouldRewindAFailedInstanceSoThatItsFailedActivityRunsAgain() {
        FLAKY_FAILS.set(true);
        String id = client.startNew("Rewindable", "client-rewind", "x").join();
        assertThat(client.waitForCompletion(id, WAIT).join().runtimeStatus()).isEqualTo(RuntimeStatus.Failed);
        FLAKY_FAILS.set(false);

        client.rewind(id, "fixed").join();

        awaitStatus(id, RuntimeStatus.Completed);
        assertThat(client.getStatus(id).join().orElseThrow().output().asText()).isEqualTo("flaky x");
        assertThatThrownBy(() -> client.rewind(id, "again").join())
                .hasCauseInstanceOf(InstanceStateConflictException.class)
                .hasMessageEndingWith("The instance 'client-rewind' is Completed; only a Failed instance can be rewound.");
    }

    @Test
    void shouldQueryWithFiltersAndPaging() {
        for (int i = 0; i < 5; i++) {
            client.startNew("Greeting", "client-page-" + i, "p" + i).join();
        }
        InstanceQuery query = InstanceQuery.all().withPrefix("client-page-");

        InstancePage first = client.query(query, 3, null).join();
        InstancePage second = client.query(query, 3, first.continuationToken()).join();

        assertThat(first.instances()).extracting(InstanceStatus::instanceId)
                .containsExactly("client-page-0", "client-page-1", "client-page-2");
        assertThat(second.instances()).extracting(InstanceStatus::instanceId)
                .containsExactly("client-page-3", "client-page-4");
        assertThat(second.hasMore()).isFalse();
        for (int i = 0; i < 5; i++) {
            client.waitForCompletion("client-page-" + i, WAIT).join();
        }
        assertThat(client.query(query.withStatuses(Set.of(RuntimeStatus.Completed)), 10, null).join().instances())
                .hasSize(5);
    }

    @Test
    void shouldBuildTheCheckStatusAnswersOfAServicesOwnHandler() {
        URI request = URI.create("https://shop.example/api/orders?code=k-1");
        String id = client.startNew("Waiting", "client-handler", null).join();

        CheckStatusResponse accepted = client.createCheckStatusResponse(request, id);
        CheckStatusResponse waited = client.waitForCompletionOrCreateCheckStatusResponse(request, id,
                Duration.ofMillis(300), Duration.ofMillis(100)).join();
        client.raiseEvent(id, "Go", "ok").join();
        CheckStatusResponse finished = client.waitForCompletionOrCreateCheckStatusResponse(request, id, WAIT,
                Duration.ofSeconds(1)).join();

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers()).containsEntry("Retry-After", "10").containsEntry("Location",
                "https://dtk.example/runtime/webhooks/durabletask/instances/client-handler?taskHub=dtk"
                        + "&connection=Kafka&code=k-1");
        assertThat(accepted.body().get("sendEventPostUri").asText()).startsWith(
                "https://dtk.example/runtime/webhooks/durabletask/instances/client-handler/raiseEvent/{eventName}?");
        assertThat(accepted.body().properties()).hasSize(8).allSatisfy(field -> {
            if (!field.getKey().equals("id")) {
                assertThat(field.getValue().asText()).as(field.getKey()).startsWith("https://dtk.example/")
                        .endsWith("taskHub=dtk&connection=Kafka&code=k-1");
            }
        });
        assertThat(waited.statusCode()).isEqualTo(202);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat(finished.body().asText()).isEqualTo("got ok");
    }

    @Test
    void shouldTimeOutAWaitThatDoesNotEnd() {
        String id = client.startNew("Waiting", "client-timeout", null).join();

        assertThatThrownBy(() -> client.waitForCompletion(id, Duration.ofMillis(300)).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(TimeoutException.class);
        client.terminate(id, null).join();
    }

    private void awaitStatus(String id, RuntimeStatus status) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> client.getStatus(id).join()
                .map(s -> s.runtimeStatus() == status).orElse(false));
    }
}
