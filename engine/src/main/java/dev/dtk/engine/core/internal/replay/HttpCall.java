package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpCallTimeoutException;
import dev.dtk.http.HttpRequestRefusedException;
import dev.dtk.http.HttpResponseTooLargeException;
import dev.dtk.http.HttpRetryOptions;
import dev.dtk.http.internal.AsyncPolling;
import dev.dtk.http.internal.Origins;
import dev.dtk.orchestration.FailureDetails;
import dev.dtk.orchestration.TaskFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One {@code callHttp}: a small state machine over exchanges and timers, driven by the recorded
 * answers and the step times only. Send the request; on an answer, retry it (retry options), poll
 * ({@link AsyncPolling}: a timer for {@code Retry-After}, then the next exchange) or finish. The
 * call's {@code timeout} is one timer from the start that fails the call when it fires first; each
 * exchange also carries the time that remains, so a worker never waits on a slow endpoint for longer.
 */
final class HttpCall extends ReplayTask<DurableHttpResponse> {

    /** Failures that another attempt cannot mend. */
    private static final Set<String> FINAL_FAILURES = Set.of(HttpRequestRefusedException.class.getName(),
            HttpResponseTooLargeException.class.getName(), ActivityKind.UNKNOWN_QUEUE_ERROR_TYPE);

    private final DurableHttpRequest request;
    private final String description;
    private final Instant deadline;
    private final TimerKind.Timer timeout;
    private AsyncPolling.Phase phase = AsyncPolling.INITIAL;
    private DurableHttpRequest exchange;
    private int attempts;
    private Instant firstAttemptAt;
    private TimerKind.Timer waiting;

    HttpCall(ReplayContext ctx, DurableHttpRequest request) {
        super(ctx);
        this.request = request;
        this.description = "callHttp(" + request.method() + " " + Origins.withoutQuery(request.uri()) + ")";
        Instant now = ctx.currentUtcDateTime();
        this.deadline = request.timeout() == null ? null : now.plus(request.timeout());
        this.timeout = deadline == null ? null : ctx.newTimer(deadline);
        if (timeout != null) {
            timeout.whenDone(timer -> {
                if (timer.succeeded()) {
                    timedOut();
                }
            });
        }
        start(request);
    }

    private void start(DurableHttpRequest next) {
        exchange = next;
        attempts = 0;
        firstAttemptAt = ctx.currentUtcDateTime();
        attempt();
    }

    private void attempt() {
        if (isDone()) {
            return;
        }
        Duration remaining = deadline == null ? null : Duration.between(ctx.currentUtcDateTime(), deadline);
        if (remaining != null && !remaining.isPositive()) {
            return; // the timeout timer is due and ends the call
        }
        attempts++;
        HttpKind.send(ctx, exchange, remaining).whenDone(this::answered);
    }

    private void answered(ReplayTask<JsonNode> sent) {
        if (isDone()) {
            return;
        }
        if (!sent.succeeded()) {
            TaskFailedException failure = (TaskFailedException) sent.failure();
            if (!FINAL_FAILURES.contains(failure.getFailureDetails().errorType()) && mayRetry()) {
                retry();
            } else {
                end(null, new TaskFailedException(description, failure.getTaskId(), failure.getFailureDetails()));
            }
            return;
        }
        DurableHttpResponse answer;
        try {
            answer = JsonValues.convert(sent.value(), DurableHttpResponse.class, "the answer to " + description);
        } catch (IllegalArgumentException e) {
            end(null, e);
            return;
        }
        HttpRetryOptions retries = request.retryOptions();
        if (retries != null && retries.retries(answer.statusCode()) && mayRetry()) {
            retry();
            return;
        }
        switch (AsyncPolling.next(request, phase, exchange, answer, ctx.currentUtcDateTime())) {
            case AsyncPolling.Done done -> end(done.response(), null);
            case AsyncPolling.Poll poll -> {
                phase = poll.phase();
                waitUntil(poll.at(), () -> start(poll.exchange()));
            }
        }
    }

    private boolean mayRetry() {
        HttpRetryOptions retries = request.retryOptions();
        if (retries == null || attempts >= retries.maxNumberOfAttempts()) {
            return false;
        }
        return retries.retryTimeout() == null
                || ctx.currentUtcDateTime().isBefore(firstAttemptAt.plus(retries.retryTimeout()));
    }

    private void retry() {
        waitUntil(ctx.currentUtcDateTime().plus(request.retryOptions().policy().delayAfterAttempt(attempts)),
                this::attempt);
    }

    /** Runs {@code then} at {@code at}: now when it is not later, else when a durable timer fires. */
    private void waitUntil(Instant at, Runnable then) {
        if (!at.isAfter(ctx.currentUtcDateTime())) {
            then.run();
            return;
        }
        waiting = ctx.newTimer(at);
        waiting.whenDone(timer -> {
            if (timer.succeeded()) {
                then.run();
            }
        });
    }

    private void timedOut() {
        if (isDone()) {
            return;
        }
        if (waiting != null) {
            waiting.cancel();
        }
        fail(new TaskFailedException(description, timeout.timerId, new FailureDetails(
                HttpCallTimeoutException.class.getName(), description + " did not finish within its timeout of "
                        + request.timeout() + " (polls and retries included)", null)));
    }

    private void end(DurableHttpResponse response, RuntimeException failure) {
        if (failure == null) {
            complete(response);
        } else {
            fail(failure);
        }
        if (timeout != null) {
            timeout.cancel();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
