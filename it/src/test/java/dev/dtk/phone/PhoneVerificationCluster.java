package dev.dtk.phone;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.gateway.DtkGateway;
import dev.dtk.testkit.TestKafka;
import java.util.List;
import java.util.Map;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.SampleApp;
import dev.dtk.samples.approval.ApprovalWorkflow;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.worker.sms.DevSmsOutbox;
import dev.dtk.sms.SmsSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples on a real broker behind a gateway, SMS going to the development outbox: the phone
 * verification as a person would use it, over HTTP.
 */
final class PhoneVerificationCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The seed's orchestrator with a window long enough for a test to answer four times. */
    static final Duration WINDOW = Duration.ofSeconds(30);
    /** The same orchestrator with a window short enough to let it run out. */
    static final String SHORT_WINDOW = "E4_SmsPhoneVerification_ShortWindow";
    static final Duration SHORT = Duration.ofMillis(1500);
    /** The approval workflow with a deadline short enough to let it pass. */
    static final String SHORT_APPROVAL = "ApprovalWorkflow_ShortDeadline";
    private static final String BASE = "/runtime/webhooks/durabletask";
    private static final Pattern CODE = Pattern.compile("Your verification code is (\\d{4})");

    private final DevSmsOutbox outbox = new DevSmsOutbox(Clock.systemUTC());
    private final GatedSmsSender sms = new GatedSmsSender(outbox);
    private final LocalDtk dtk;
    private final DtkGateway gateway;
    private final HttpClient http = HttpClient.newHttpClient();

    PhoneVerificationCluster(Path dir, Duration window) throws Exception {
        this(dir, window, null);
    }

    /** With {@code smsSender} instead of the development outbox (null: the outbox). */
    PhoneVerificationCluster(Path dir, Duration window, SmsSender smsSender) throws Exception {
        SmsSender sender = smsSender == null ? sms : smsSender;
        DtkApp shortOnes = app -> app.orchestrator(SHORT_WINDOW, new SmsPhoneVerification(SHORT))
                .orchestrator(SHORT_APPROVAL, new ApprovalWorkflow(SHORT));
        AppCatalog apps = AppCatalog.of(List.of(new SampleApp(), shortOnes),
                Map.of("DTK_SMS_WINDOW_SECONDS", Long.toString(window.toSeconds())), () -> sender);
        TestKafka kafka = TestKafka.start(dir.resolve("kafka"));
        dtk = LocalDtk.onBroker(dir, kafka.bootstrapServers(), kafka, 4, apps, engine -> { });
        gateway = dtk.startGateway(GatewayConfig.builder().port(0), routes -> { });
    }

    LocalDtk dtk() {
        return dtk;
    }

    GatedSmsSender sms() {
        return sms;
    }

    /** {@code POST /orchestrators/{name}} with the phone number, as in the seed; returns the 202 payload. */
    JsonNode start(String name, String phoneNumber) {
        HttpResponse<String> response = post(gateway.url() + "/orchestrators/" + name,
                phoneNumber == null ? "" : DtkJson.toTree(phoneNumber).toString());
        if (response.statusCode() != 202) {
            throw new AssertionError("start answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** The code texted to {@code phoneNumber}, read from the outbox as a person reads the SMS. */
    int awaitCode(String phoneNumber) {
        String body = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> outbox.messagesTo(phoneNumber),
                messages -> !messages.isEmpty()).get(0).body();
        Matcher matcher = CODE.matcher(body);
        if (!matcher.matches()) {
            throw new AssertionError("unexpected SMS text: " + body);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** POSTs an answer to the {@code sendEventPostUri} of a start payload; returns the HTTP status. */
    int answer(JsonNode started, int code) {
        return raise(started, "SmsChallengeResponse", Integer.toString(code));
    }

    /** POSTs event {@code name} with {@code json} to the {@code sendEventPostUri} of a start payload. */
    int raise(JsonNode started, String name, String json) {
        String uri = started.get("sendEventPostUri").asText().replace("{eventName}", name);
        return post(uri, json).statusCode();
    }

    HttpResponse<String> status(JsonNode started) {
        return get(started.get("statusQueryGetUri").asText());
    }

    /** Polls {@code statusQueryGetUri} until the answer is 200, and returns the status object. */
    JsonNode awaitDone(JsonNode started) {
        HttpResponse<String> done = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(25))
                .until(() -> status(started), r -> r.statusCode() == 200);
        return json(done.body());
    }

    /** Waits until the orchestration waits for an answer (the SMS activity completed). */
    void awaitWaiting(String instanceId) {
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> isWaiting(instanceId));
    }

    /** Whether the orchestration waits for an answer (its window's timer exists). */
    boolean isWaiting(String instanceId) {
        return dtk.engine().localInstance(instanceId)
                .map(s -> s.history().stream().anyMatch(e -> e instanceof dev.dtk.engine.core.HistoryEvent.TimerCreated))
                .orElse(false);
    }

    List<java.time.Instant> timers(String instanceId) {
        return dtk.engine().localTimers(instanceId);
    }

    HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        return DtkJson.read(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    String baseUrl() {
        return gateway.url() + BASE;
    }

    @Override
    public void close() {
        dtk.close();
    }
}
