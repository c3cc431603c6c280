package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.dtk.orchestration.RetryPolicy;
import java.time.Duration;
import java.util.List;

/**
 * How {@code callHttp} retries one request (the first one, each poll and the final GET alike), as
 * Durable Functions' {@code HttpRetryOptions}: a request is tried again after a network failure or
 * timeout, and after an answer whose status is in {@code statusCodesToRetry} (an empty list: every
 * 4xx and 5xx). When the attempts run out, the last answer is the result (or the last failure is
 * thrown). Delays grow as {@link RetryPolicy}'s do. Durations are ISO-8601 in JSON ({@code PT5S}).
 *
 * @param maxNumberOfAttempts attempts in all, the first one included
 * @param backoffCoefficient 1.0: a fixed delay
 * @param maxRetryInterval {@code null}: unbounded
 * @param retryTimeout {@code null}: unbounded; measured from the first attempt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"firstRetryInterval", "maxNumberOfAttempts", "backoffCoefficient", "maxRetryInterval",
    "retryTimeout", "statusCodesToRetry"})
public record HttpRetryOptions(
        @JsonSerialize(using = ToStringSerializer.class) Duration firstRetryInterval,
        int maxNumberOfAttempts,
        double backoffCoefficient,
        @JsonSerialize(using = ToStringSerializer.class) Duration maxRetryInterval,
        @JsonSerialize(using = ToStringSerializer.class) Duration retryTimeout,
        List<Integer> statusCodesToRetry) {

    public HttpRetryOptions {
        statusCodesToRetry = statusCodesToRetry == null ? List.of() : List.copyOf(statusCodesToRetry);
        for (int code : statusCodesToRetry) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("statusCodesToRetry holds " + code + ", which is no HTTP status");
            }
        }
        policy(firstRetryInterval, maxNumberOfAttempts, backoffCoefficient, maxRetryInterval, retryTimeout);
    }

    /** Up to {@code maxNumberOfAttempts} attempts, {@code firstRetryInterval} apart, every 4xx and 5xx retried. */
    public HttpRetryOptions(Duration firstRetryInterval, int maxNumberOfAttempts) {
        this(firstRetryInterval, maxNumberOfAttempts, 1.0, null, null, List.of());
    }

    @JsonCreator
    static HttpRetryOptions fromJson(@JsonProperty("firstRetryInterval") String firstRetryInterval,
            @JsonProperty("maxNumberOfAttempts") int maxNumberOfAttempts,
            @JsonProperty("backoffCoefficient") Double backoffCoefficient,
            @JsonProperty("maxRetryInterval") String maxRetryInterval,
            @JsonProperty("retryTimeout") String retryTimeout,
            @JsonProperty("statusCodesToRetry") List<Integer> statusCodesToRetry) {
        return new HttpRetryOptions(DurableHttpRequest.duration("firstRetryInterval", firstRetryInterval),
                maxNumberOfAttempts, backoffCoefficient == null ? 1.0 : backoffCoefficient,
                DurableHttpRequest.duration("maxRetryInterval", maxRetryInterval),
                DurableHttpRequest.duration("retryTimeout", retryTimeout), statusCodesToRetry);
    }

    /** These options with a backoff coefficient. */
    public HttpRetryOptions withBackoffCoefficient(double coefficient) {
        return new HttpRetryOptions(firstRetryInterval, maxNumberOfAttempts, coefficient, maxRetryInterval,
                retryTimeout, statusCodesToRetry);
    }

    /** These options with a cap on the delay between attempts. */
    public HttpRetryOptions withMaxRetryInterval(Duration interval) {
        return new HttpRetryOptions(firstRetryInterval, maxNumberOfAttempts, backoffCoefficient, interval,
                retryTimeout, statusCodesToRetry);
    }

    /** These options with no attempt starting later than {@code timeout} after the first. */
    public HttpRetryOptions withRetryTimeout(Duration timeout) {
        return new HttpRetryOptions(firstRetryInterval, maxNumberOfAttempts, backoffCoefficient, maxRetryInterval,
                timeout, statusCodesToRetry);
    }

    /** These options retrying only answers with these statuses (besides network failures). */
    public HttpRetryOptions withStatusCodesToRetry(Integer... codes) {
        return new HttpRetryOptions(firstRetryInterval, maxNumberOfAttempts, backoffCoefficient, maxRetryInterval,
                retryTimeout, List.of(codes));
    }

    /** Whether an answer with {@code statusCode} is tried again (while attempts remain). */
    public boolean retries(int statusCode) {
        return statusCodesToRetry.isEmpty() ? statusCode >= 400 : statusCodesToRetry.contains(statusCode);
    }

    /** The same delays, attempts and timeout as a {@link RetryPolicy}. */
    public RetryPolicy policy() {
        return policy(firstRetryInterval, maxNumberOfAttempts, backoffCoefficient, maxRetryInterval, retryTimeout);
    }

    private static RetryPolicy policy(Duration first, int attempts, double coefficient, Duration max,
            Duration timeout) {
        return RetryPolicy.builder(attempts, first).backoffCoefficient(coefficient).maxRetryInterval(max)
                .retryTimeout(timeout).build();
    }
}
