package dev.dtk.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.http.ClientCredentialsTokenSource;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpCallTimeoutException;
import dev.dtk.http.HttpConnectionException;
import dev.dtk.http.HttpMethod;
import dev.dtk.http.HttpRetryOptions;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.orchestration.TaskFailedException;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.ActivityTask;
import dev.dtk.topics.message.RuntimeStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** callHttp: exchanges on the http queue and durable timers between polls, all from history. */
class HttpCallTest {

    private static final String EXCHANGE = "BuiltIn::HttpActivity";
    private static final URI JOBS = URI.create("https://api.example.com/jobs?code=secret-key");
    private static final ActivityRouting ROUTING = new ActivityRouting("default", Map.of(), Set.of("default", "http"));

    /** An orchestration that makes the request {@code request} builds and returns the answer, or the failure. */
    private static Harness calling(Function<DurableHttpRequest.Builder, DurableHttpRequest.Builder> request) {
        return calling(ROUTING, Limits.DEFAULT, request);
    }

    private static Harness calling(ActivityRouting routing, Limits limits,
            Function<DurableHttpRequest.Builder, DurableHttpRequest.Builder> request) {
        OrchestratorRegistry registry = OrchestratorRegistry.builder().register("Call", ctx -> {
            try {
                return ctx.callHttp(request.apply(DurableHttpRequest.builder(HttpMethod.POST, JOBS)
                        .content("{\"job\":1}", "application/json")).build()).await();
            } catch (TaskFailedException e) {
                return e.getFailureDetails().errorType() + ": " + e.getMessage();
            }
        }).build();
        return new Harness(registry, new StepRules(routing, limits), CodeGuard.DIRECT);
    }

    private static DurableHttpResponse answer(int status, String content, String... headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new DurableHttpResponse(status, map, content, null);
    }

    private static DurableHttpRequest sent(ActivityTask task) {
        return DtkJson.fromTree(task.input(), DurableHttpRequest.class);
    }

    private static long exchangesIn(StepResult step) {
        return step.outbound().stream().filter(o -> o instanceof Outbound.ScheduleActivity s
                && s.queue().equals("http") && s.task().name().equals(EXCHANGE)).count();
    }

    @Test
    void shouldFollowLocationOnDurableTimersUntilAnAnswerOtherThan202() {
        Harness h = calling(b -> b);
        StepResult started = h.start("c", "Call", null);
        ActivityTask post = h.activity(EXCHANGE);
        assertThat(exchangesIn(started)).isEqualTo(1);
        assertThat(sent(post).method()).isEqualTo(HttpMethod.POST);
        assertThat(sent(post).content()).isEqualTo("{\"job\":1}");
        assertThat(sent(post).asynchronousPatternEnabled()).isFalse();

        StepResult accepted = h.complete(post, answer(202, null, "Location", "/jobs/1", "Retry-After", "5"));
        assertThat(accepted.outbound()).isEmpty();
        assertThat(h.timers("c").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(Harness.T0.plusSeconds(5)));

        List<StepResult> fired = h.advance(Duration.ofSeconds(5));
        assertThat(fired).singleElement().satisfies(step -> assertThat(exchangesIn(step)).isEqualTo(1));
        DurableHttpRequest poll = sent(h.activity(EXCHANGE));
        assertThat(poll.method()).isEqualTo(HttpMethod.GET);
        assertThat(poll.uri()).isEqualTo(URI.create("https://api.example.com/jobs/1"));
        assertThat(poll.content()).isNull();
        assertThat(poll.headers()).isEmpty();

        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1", "Retry-After", "10"));
        h.advance(Duration.ofSeconds(10));
        h.complete(h.activity(EXCHANGE), answer(200, "{\"done\":true}", "Content-Type", "application/json"));

        assertThat(h.status("c")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("c")).isEqualTo(DtkJson.toTree(answer(200, "{\"done\":true}",
                "Content-Type", "application/json")));
        assertThat(h.state("c").history()).filteredOn(HistoryEvent.TimerCreated.class::isInstance).hasSize(2);
        assertThat(h.state("c").history()).filteredOn(HistoryEvent.TaskScheduled.class::isInstance).hasSize(3);
        assertThat(h.openActivities()).isEmpty();
        assertThat(h.timers("c")).isEmpty();
    }

    @Test
    void shouldWaitUntilTheHttpDateOfRetryAfter() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1",
                "Retry-After", "Sat, 01 Mar 2025 10:01:30 GMT"));

        assertThat(h.timers("c").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(Harness.T0.plusSeconds(90)));
    }

    @Test
    void shouldPollAtOnceWithoutATimerWhenRetryAfterIsZero() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        StepResult accepted = h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1",
                "Retry-After", "0"));

        assertThat(exchangesIn(accepted)).isEqualTo(1);
        assertThat(accepted.timerChanges()).isEmpty();
        assertThat(h.state("c").history()).noneMatch(HistoryEvent.TimerCreated.class::isInstance);
    }

    @Test
    void shouldWaitTheDefaultRetryAfterWhenTheAnswerHasNone() {
        Harness h = calling(b -> b.defaultRetryAfter(Duration.ofSeconds(3)));
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1"));

        assertThat(h.timers("c").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(Harness.T0.plusSeconds(3)));
    }

    @Test
    void shouldReturnA202WithoutLocationAsItIs() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(202, "queued"));

        assertThat(h.output("c").path("statusCode").asInt()).isEqualTo(202);
        assertThat(h.output("c").path("content").asText()).isEqualTo("queued");
    }

    @Test
    void shouldReturnErrorStatusesAsResults() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(503, "busy"));

        assertThat(h.status("c")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("c").path("statusCode").asInt()).isEqualTo(503);
    }

    @Test
    void shouldFailTheCallWhenItsTimeoutPassesAcrossPolls() {
        Harness h = calling(b -> b.timeout(Duration.ofSeconds(60)));
        h.start("c", "Call", null);
        assertThat(sent(h.activity(EXCHANGE)).timeout()).isEqualTo(Duration.ofSeconds(60));

        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1", "Retry-After", "30"));
        h.advance(Duration.ofSeconds(30));
        assertThat(sent(h.activity(EXCHANGE)).timeout()).isEqualTo(Duration.ofSeconds(30));
        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1", "Retry-After", "40"));
        List<StepResult> late = h.advance(Duration.ofSeconds(30));

        assertThat(late).hasSize(1);
        assertThat(h.status("c")).isEqualTo(RuntimeStatus.Completed);
        assertThat(h.output("c").asText()).isEqualTo(HttpCallTimeoutException.class.getName()
                + ": Task 'callHttp(POST https://api.example.com/jobs)' (#0) failed: "
                + HttpCallTimeoutException.class.getName() + ": callHttp(POST https://api.example.com/jobs) did not"
                + " finish within its timeout of PT1M (polls and retries included)");
        assertThat(h.timers("c")).as("the poll's timer is cancelled").isEmpty();
        assertThat(h.state("c").history()).filteredOn(HistoryEvent.TimerCancelled.class::isInstance).hasSize(1);
    }

    @Test
    void shouldCancelTheTimeoutTimerWhenTheCallEndsInTime() {
        Harness h = calling(b -> b.timeout(Duration.ofMinutes(5)));
        h.start("c", "Call", null);
        assertThat(h.timers("c")).hasSize(1);

        h.complete(h.activity(EXCHANGE), answer(200, "ok"));

        assertThat(h.output("c").path("content").asText()).isEqualTo("ok");
        assertThat(h.timers("c")).isEmpty();
    }

    @Test
    void shouldRetryTheStatusCodesToRetryAndReturnTheLastAnswerWhenAttemptsRunOut() {
        Harness h = calling(b -> b.retryOptions(new HttpRetryOptions(Duration.ofSeconds(5), 3)
                .withBackoffCoefficient(2).withStatusCodesToRetry(503)));
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(503, "busy 1"));
        assertThat(h.timers("c").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(Harness.T0.plusSeconds(5)));
        h.advance(Duration.ofSeconds(5));
        DurableHttpRequest again = sent(h.activity(EXCHANGE));
        assertThat(again.method()).isEqualTo(HttpMethod.POST);
        assertThat(again.content()).isEqualTo("{\"job\":1}");
        h.complete(h.activity(EXCHANGE), answer(503, "busy 2"));
        assertThat(h.timers("c").values()).singleElement()
                .satisfies(t -> assertThat(t.fireAt()).isEqualTo(h.now().plusSeconds(10)));
        h.advance(Duration.ofSeconds(10));
        h.complete(h.activity(EXCHANGE), answer(503, "busy 3"));

        assertThat(h.output("c").path("content").asText()).isEqualTo("busy 3");
        assertThat(h.state("c").history()).filteredOn(HistoryEvent.TaskScheduled.class::isInstance).hasSize(3);
    }

    @Test
    void shouldNotRetryStatusesOutsideTheList() {
        Harness h = calling(b -> b.retryOptions(new HttpRetryOptions(Duration.ofSeconds(5), 3)
                .withStatusCodesToRetry(503)));
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(500, "broken"));

        assertThat(h.output("c").path("statusCode").asInt()).isEqualTo(500);
    }

    @Test
    void shouldRetryEvery4xxAnd5xxWhenTheListIsEmpty() {
        Harness h = calling(b -> b.retryOptions(new HttpRetryOptions(Duration.ofSeconds(5), 2)));
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(429, "slow down"));
        h.advance(Duration.ofSeconds(5));
        h.complete(h.activity(EXCHANGE), answer(201, "made"));

        assertThat(h.output("c").path("statusCode").asInt()).isEqualTo(201);
    }

    @Test
    void shouldRetryANetworkFailureAndFailWithItsTypeWhenAttemptsRunOut() {
        Harness h = calling(b -> b.retryOptions(new HttpRetryOptions(Duration.ofSeconds(5), 2)));
        h.start("c", "Call", null);

        h.fail(h.activity(EXCHANGE), HttpConnectionException.class.getName(), "connection refused 1");
        h.advance(Duration.ofSeconds(5));
        h.fail(h.activity(EXCHANGE), HttpConnectionException.class.getName(), "connection refused 2");

        assertThat(h.output("c").asText()).isEqualTo(HttpConnectionException.class.getName()
                + ": Task 'callHttp(POST https://api.example.com/jobs)' (#2) failed: "
                + HttpConnectionException.class.getName() + ": connection refused 2");
    }

    @Test
    void shouldFailAtOnceWithoutRetryOptions() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        h.fail(h.activity(EXCHANGE), HttpCallTimeoutException.class.getName(), "no answer within PT1M40S");

        assertThat(h.output("c").asText()).startsWith(HttpCallTimeoutException.class.getName() + ": ");
        assertThat(h.timers("c")).isEmpty();
    }

    @Test
    void shouldNeverSendTheFirstRequestAgainWhenReplayingAfterARestart() {
        Harness h = calling(b -> b);
        StepResult started = h.start("c", "Call", null);
        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1", "Retry-After", "5"));
        InstanceState stored = h.state("c");

        // an engine restarted from the stored state: the due timer is its next input
        InstanceStepper restarted = new InstanceStepper(OrchestratorRegistry.builder().register("Call", ctx ->
                ctx.callHttp(DurableHttpRequest.builder(HttpMethod.POST, JOBS)
                        .content("{\"job\":1}", "application/json").build()).await()).build(),
                new StepRules(ROUTING, Limits.DEFAULT), CodeGuard.DIRECT);
        TimerChange.Add due = h.timers("c").values().iterator().next();
        StepResult afterRestart = restarted.apply("c", stored, new Inbound.TimerDue(due.executionId(), due.timerId(),
                due.fireAt()), Harness.T0.plusSeconds(6));

        assertThat(exchangesIn(started)).isEqualTo(1);
        assertThat(afterRestart.outbound()).singleElement().satisfies(out -> {
            ActivityTask task = ((Outbound.ScheduleActivity) out).task();
            assertThat(sent(task).method()).isEqualTo(HttpMethod.GET);
            assertThat(task.taskId()).isEqualTo(2);
        });
    }

    @Test
    void shouldFollowAnAzureAsyncOperationToItsFinalResource() {
        Harness h = calling(b -> b);
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(202, null, "Azure-AsyncOperation", "https://api.example.com/ops/7",
                "Location", "https://api.example.com/results/7", "Retry-After", "1"));
        h.advance(Duration.ofSeconds(1));
        assertThat(sent(h.activity(EXCHANGE)).uri()).isEqualTo(URI.create("https://api.example.com/ops/7"));
        h.complete(h.activity(EXCHANGE), answer(200, "{\"status\":\"InProgress\"}", "Retry-After", "2"));
        h.advance(Duration.ofSeconds(2));
        StepResult succeeded = h.complete(h.activity(EXCHANGE), answer(200, "{\"status\":\"Succeeded\"}"));
        assertThat(exchangesIn(succeeded)).as("the final resource at once").isEqualTo(1);
        assertThat(sent(h.activity(EXCHANGE)).uri()).isEqualTo(URI.create("https://api.example.com/results/7"));
        h.complete(h.activity(EXCHANGE), answer(200, "{\"result\":42}"));

        assertThat(h.output("c").path("content").asText()).isEqualTo("{\"result\":42}");
    }

    @Test
    void shouldPassTheTokenSourceDescriptionOnlyToTheWorker() {
        ClientCredentialsTokenSource source = new ClientCredentialsTokenSource(
                URI.create("https://login.example.com/token"), "api://jobs/.default", "partner");
        Harness h = calling(b -> b.tokenSource(source));
        h.start("c", "Call", null);

        h.complete(h.activity(EXCHANGE), answer(202, null, "Location", "/jobs/1", "Retry-After", "0"));

        assertThat(sent(h.activity(EXCHANGE)).tokenSource()).isEqualTo(source);
        JsonNode recorded = h.state("c").history().stream().filter(HistoryEvent.TaskScheduled.class::isInstance)
                .map(e -> ((HistoryEvent.TaskScheduled) e).input().path("tokenSource")).findFirst().orElseThrow();
        assertThat(recorded.toString()).isEqualTo("{\"kind\":\"OAuth2ClientCredentials\",\"tokenUrl\":"
                + "\"https://login.example.com/token\",\"scope\":\"api://jobs/.default\",\"credential\":\"partner\"}");
    }

    @Test
    void shouldFailAtOnceWhenNoHttpQueueIsConfigured() {
        Harness h = calling(ActivityRouting.single("default"), Limits.DEFAULT, b -> b);

        h.start("c", "Call", null);

        assertThat(h.output("c").asText()).isEqualTo("ActivityQueueNotConfigured: Task 'callHttp(POST"
                + " https://api.example.com/jobs)' (#0) failed: ActivityQueueNotConfigured: no activity queue 'http'"
                + " is configured; known queues: [default]");
    }

    @Test
    void shouldRefuseARequestBodyOverThePayloadLimit() {
        Limits small = new Limits(64 * 1024 + 24 * 1024 + 1024, 8 * 1024, 120, 512 * 1024);
        Harness h = calling(ROUTING, small, b -> b.content("x".repeat(9 * 1024)));

        h.start("c", "Call", null);

        assertThat(h.status("c")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.state("c").failureDetails().errorMessage()).startsWith("the input of callHttp(POST"
                + " https://api.example.com/jobs) is ");
    }

    @Test
    void shouldNameTheRequestsInANonDeterminismMessage() {
        AtomicReference<String> path = new AtomicReference<>("/a");
        Harness h = new Harness(OrchestratorRegistry.builder().register("Get", ctx -> {
            ctx.callHttp(HttpMethod.GET, URI.create("http://example.com" + path.get() + "?code=k")).await();
            return ctx.callActivity("After", null, String.class).await();
        }).build(), ROUTING);
        h.start("n", "Get", null);

        path.set("/b");
        h.redeploy();
        StepResult result = h.complete(h.activity(EXCHANGE), answer(200, "ok"));

        assertThat(result.status().failureDetails().errorMessage()).startsWith("Non-deterministic orchestration:"
                + " history recorded callHttp(GET http://example.com/a) as action #0, but the orchestrator code now"
                + " produced callHttp(GET http://example.com/b).");
    }

    @Test
    void shouldRefuseTheBuiltInActivityAsAnOrdinaryActivity() {
        Harness h = new Harness(OrchestratorRegistry.builder().register("Sneaky", ctx ->
                ctx.callActivity(EXCHANGE, null, String.class).await()).build(), ROUTING);

        h.start("s", "Sneaky", null);

        assertThat(h.status("s")).isEqualTo(RuntimeStatus.Failed);
        assertThat(h.state("s").failureDetails().errorMessage()).isEqualTo("'BuiltIn::HttpActivity' is a built-in"
                + " activity; use callHttp for HTTP calls");
    }
}
