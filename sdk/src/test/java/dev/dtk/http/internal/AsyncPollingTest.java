package dev.dtk.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpMethod;
import dev.dtk.http.ManagedIdentityTokenSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AsyncPollingTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final DurableHttpRequest POST = DurableHttpRequest.builder(HttpMethod.POST,
                    URI.create("https://api.example.com/jobs?code=k"))
            .header("Authorization", "Basic dXNlcjpwdw==")
            .header("x-functions-key", "fk")
            .header("X-Trace", "t1")
            .content("{}", "application/json")
            .tokenSource(new ManagedIdentityTokenSource("api://jobs"))
            .build();

    private static DurableHttpResponse body(int status, String body) {
        return new DurableHttpResponse(status, Map.of(), body, null);
    }

    private static DurableHttpResponse answer(int status, String... headers) {
        Map<String, List<String>> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], List.of(headers[i + 1]));
        }
        return new DurableHttpResponse(status, map, null, null);
    }

    private static AsyncPolling.Poll poll(AsyncPolling.Step step) {
        assertThat(step).isInstanceOf(AsyncPolling.Poll.class);
        return (AsyncPolling.Poll) step;
    }

    @Test
    void shouldPollTheLocationOfA202AfterItsRetryAfterWithTheHeadersThatMayGoThere() {
        AsyncPolling.Poll poll = poll(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST,
                answer(202, "Location", "/jobs/1/status", "Retry-After", "7"), NOW));

        assertThat(poll.at()).isEqualTo(NOW.plusSeconds(7));
        assertThat(poll.phase()).isInstanceOf(AsyncPolling.FollowingLocation.class);
        assertThat(poll.exchange().method()).isEqualTo(HttpMethod.GET);
        assertThat(poll.exchange().uri()).isEqualTo(URI.create("https://api.example.com/jobs/1/status"));
        assertThat(poll.exchange().headers()).containsOnlyKeys("Authorization", "X-Trace");
        assertThat(poll.exchange().content()).isNull();
        assertThat(poll.exchange().tokenSource()).isEqualTo(POST.tokenSource());
    }

    @Test
    void shouldSendNoAuthorizationAndNoTokenToAnotherOrigin() {
        AsyncPolling.Poll poll = poll(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST,
                answer(202, "Location", "https://other.example.com/status/1"), NOW));

        assertThat(poll.exchange().headers()).containsOnlyKeys("X-Trace");
        assertThat(poll.exchange().tokenSource()).isNull();
        assertThat(poll.at()).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void shouldWaitUntilAnHttpDateAndNeverBeforeNow() {
        assertThat(RetryAfter.at(Optional.of("Sat, 01 Mar 2025 10:01:30 GMT"), NOW)).contains(NOW.plusSeconds(90));
        assertThat(RetryAfter.at(Optional.of("Fri, 28 Feb 2025 10:00:00 GMT"), NOW)).contains(NOW);
        assertThat(RetryAfter.at(Optional.of("0"), NOW)).contains(NOW);
        assertThat(RetryAfter.at(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RetryAfter.at(Optional.of("-5"), NOW)).isEmpty();
    }

    @Test
    void shouldReturnA202WithoutLocationAndAnythingElseAsItIs() {
        DurableHttpResponse accepted = answer(202);
        assertThat(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST, accepted, NOW))
                .isEqualTo(new AsyncPolling.Done(accepted));
        DurableHttpResponse redirect = answer(200, "Location", "/elsewhere");
        assertThat(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST, redirect, NOW))
                .isEqualTo(new AsyncPolling.Done(redirect));
    }

    @Test
    void shouldNotPollWhenThePatternIsDisabled() {
        DurableHttpRequest once = POST.toBuilder().asynchronousPatternEnabled(false).build();
        DurableHttpResponse accepted = answer(202, "Location", "/x");
        assertThat(AsyncPolling.next(once, AsyncPolling.INITIAL, once, accepted, NOW))
                .isEqualTo(new AsyncPolling.Done(accepted));
    }

    @Test
    void shouldFollowAnAzureAsyncOperationUntilItSucceedsThenGetTheFinalResource() {
        DurableHttpRequest put = DurableHttpRequest.builder(HttpMethod.PUT, URI.create("https://arm.example.com/vm/1"))
                .build();
        AsyncPolling.Poll first = poll(AsyncPolling.next(put, AsyncPolling.INITIAL, put,
                answer(201, "Azure-AsyncOperation", "https://arm.example.com/ops/9", "Retry-After", "2"), NOW));
        assertThat(first.exchange().uri()).isEqualTo(URI.create("https://arm.example.com/ops/9"));
        assertThat(first.at()).isEqualTo(NOW.plusSeconds(2));

        AsyncPolling.Poll again = poll(AsyncPolling.next(put, first.phase(), first.exchange(),
                body(200, "{\"status\":\"InProgress\"}"), NOW));
        assertThat(again.exchange().uri()).isEqualTo(first.exchange().uri());

        AsyncPolling.Poll last = poll(AsyncPolling.next(put, again.phase(), again.exchange(),
                body(200, "{\"status\":\"Succeeded\"}"), NOW));
        assertThat(last.phase()).isInstanceOf(AsyncPolling.Final.class);
        assertThat(last.at()).isEqualTo(NOW);
        assertThat(last.exchange().uri()).isEqualTo(put.uri());

        DurableHttpResponse resource = body(200, "{\"name\":\"vm\"}");
        assertThat(AsyncPolling.next(put, last.phase(), last.exchange(), resource, NOW))
                .isEqualTo(new AsyncPolling.Done(resource));
    }

    @Test
    void shouldEndWithTheMonitorsAnswerWhenTheOperationFails() {
        AsyncPolling.Poll first = poll(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST,
                answer(202, "Operation-Location", "https://api.example.com/ops/1"), NOW));
        DurableHttpResponse failed = body(200, "{\"status\":\"failed\",\"error\":{\"code\":\"Boom\"}}");

        assertThat(AsyncPolling.next(POST, first.phase(), first.exchange(), failed, NOW))
                .isEqualTo(new AsyncPolling.Done(failed));
    }

    @Test
    void shouldGetTheResourceLocationOfAnOperationLocationThatSucceeded() {
        AsyncPolling.Poll first = poll(AsyncPolling.next(POST, AsyncPolling.INITIAL, POST,
                answer(202, "Operation-Location", "https://api.example.com/ops/1"), NOW));
        AsyncPolling.Poll last = poll(AsyncPolling.next(POST, first.phase(), first.exchange(),
                body(200, "{\"status\":\"succeeded\",\"resourceLocation\":\"/models/3\"}"), NOW));

        assertThat(last.exchange().uri()).isEqualTo(URI.create("https://api.example.com/models/3"));
    }

    @Test
    void shouldGiveAnExchangeItsOwnTimeoutAndNoPolling() {
        DurableHttpRequest exchange = AsyncPolling.exchange(POST.toBuilder().timeout(Duration.ofMinutes(1)).build(),
                Duration.ofSeconds(20));

        assertThat(exchange.asynchronousPatternEnabled()).isFalse();
        assertThat(exchange.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(exchange.retryOptions()).isNull();
        assertThat(exchange.content()).isEqualTo("{}");
    }
}
