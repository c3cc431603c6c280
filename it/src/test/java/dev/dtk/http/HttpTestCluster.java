package dev.dtk.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.local.LocalDtk;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.samples.HelloSequence;
import dev.dtk.samples.SayHello;
import dev.dtk.samples.http.CallHttpWithToken;
import dev.dtk.samples.http.CheckSiteAvailable;
import dev.dtk.samples.http.StartRemoteOrchestration;
import dev.dtk.testkit.TestKafka;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.worker.http.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * dtk on a real broker with an HTTP worker configured by the test, the HTTP samples, and
 * {@value #CALL}: an orchestration that makes the {@link DurableHttpRequest} it is given and returns
 * the answer, or {@code "<error type>: <message>"} when the call fails.
 */
final class HttpTestCluster implements AutoCloseable {

    static final String CALL = "Call";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final LocalDtk dtk;
    private final DtkClient client;

    HttpTestCluster(Path dir, HttpSettings http) throws Exception {
        DtkApp app = builder -> builder
                .orchestrator(CALL, ctx -> {
                    try {
                        return ctx.callHttp(ctx.getInput(DurableHttpRequest.class)).await();
                    } catch (TaskFailedException e) {
                        return e.getFailureDetails().errorType() + ": " + e.getFailureDetails().errorMessage();
                    }
                })
                .orchestrator(CheckSiteAvailable.NAME, new CheckSiteAvailable())
                .orchestrator(CallHttpWithToken.NAME, new CallHttpWithToken())
                .orchestrator(StartRemoteOrchestration.NAME, new StartRemoteOrchestration())
                .orchestrator(HelloSequence.NAME, new HelloSequence())
                .activity(SayHello.NAME, new SayHello());
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        this.dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 2,
                AppCatalog.of(List.of(app), Map.of(), () -> (to, body) -> { }), engine -> { },
                worker -> worker.http(http));
        this.client = DtkClient.builder().kafka(KafkaSettings.of(dtk.bootstrapServers()))
                .stateDir(dir.resolve("client")).build();
    }

    LocalDtk dtk() {
        return dtk;
    }

    DtkClient client() {
        return client;
    }

    void start(String id, String orchestrator, Object input) {
        client.startNew(orchestrator, id, input).join();
    }

    InstanceStatus finished(String id) {
        return client.waitForCompletion(id, TIMEOUT).join();
    }

    /** Runs {@value #CALL} with {@code request} and returns its output. */
    JsonNode call(String id, DurableHttpRequest request) {
        start(id, CALL, request);
        return finished(id).output();
    }

    @Override
    public void close() {
        client.close();
        dtk.close();
    }
}
