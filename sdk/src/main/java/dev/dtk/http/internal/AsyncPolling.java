package dev.dtk.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpMethod;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of the asynchronous HTTP patterns {@code callHttp} follows, as pure functions of the
 * request, the answer and the time (the replay core calls them on every replay, so they must be
 * deterministic and do no I/O):
 * <ul>
 *   <li>the polling consumer pattern: a 202 with {@code Location}: wait for {@code Retry-After}, GET
 *       {@code Location}, until an answer other than 202 (a 202 without {@code Location} is the result);</li>
 *   <li>Azure's long-running operations: a 201/202 (or a 200 to PUT/PATCH) with {@code Azure-AsyncOperation}
 *       or {@code Operation-Location}: GET that monitor until its body's {@code status} is
 *       {@code Succeeded}, {@code Failed} or {@code Canceled}; after success, GET the final resource
 *       (the request's URI for PUT/PATCH, else the first answer's {@code Location}, else the monitor's
 *       {@code resourceLocation}), else the monitor's last answer is the result.</li>
 * </ul>
 * Polls carry the request's headers except function keys ({@code x-functions-key}, {@code code}) and
 * content headers; a user-set {@code Authorization} and the token source go only to the origin of the
 * request.
 */
public final class AsyncPolling {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_ON_POLLS = Set.of("x-functions-key", "code", "content-type",
            "content-length", "content-encoding");
    private static final Set<String> TERMINAL_FAILURES = Set.of("failed", "canceled", "cancelled");

    private AsyncPolling() {
    }

    /** Where a call is. */
    public sealed interface Phase permits Initial, FollowingLocation, Monitoring, Final {
    }

    /** The first request (and its retries). */
    public record Initial() implements Phase {
    }

    /** Polling the {@code Location} of 202 answers. */
    public record FollowingLocation() implements Phase {
    }

    /** Polling an Azure operation monitor; {@code finalResource} (may be null) is fetched after success. */
    public record Monitoring(URI monitor, URI finalResource) implements Phase {
    }

    /** Getting the final resource of an Azure operation that succeeded. */
    public record Final() implements Phase {
    }

    /** What follows an answer. */
    public sealed interface Step permits Done, Poll {
    }

    /** The call ends with {@code response}. */
    public record Done(DurableHttpResponse response) implements Step {
    }

    /** Send {@code exchange} at {@code at} (now or later), in {@code phase}. */
    public record Poll(Phase phase, DurableHttpRequest exchange, Instant at) implements Step {
    }

    public static final Phase INITIAL = new Initial();

    /**
     * The request a worker sends for one exchange: {@code request} without what only the orchestration
     * acts on (polling, retries), with {@code timeout} (may be null) as its own time limit.
     */
    public static DurableHttpRequest exchange(DurableHttpRequest request, Duration timeout) {
        return new DurableHttpRequest(request.method(), request.uri(), request.headers(), request.content(),
                request.tokenSource(), false, timeout, null, null);
    }

    /**
     * What follows {@code answer}, the answer to {@code sent} in {@code phase} of the call of
     * {@code call}, at {@code now}.
     */
    public static Step next(DurableHttpRequest call, Phase phase, DurableHttpRequest sent,
            DurableHttpResponse answer, Instant now) {
        if (!call.asynchronousPatternEnabled()) {
            return new Done(answer);
        }
        int status = answer.statusCode();
        return switch (phase) {
            case Initial i -> {
                Optional<URI> monitor = monitorOf(sent.uri(), answer);
                boolean started = status == 201 || status == 202
                        || (status == 200 && (call.method().equals(HttpMethod.PUT)
                                || call.method().equals(HttpMethod.PATCH)));
                if (monitor.isPresent() && started) {
                    Monitoring monitoring = new Monitoring(monitor.get(), finalResource(call, sent.uri(), answer));
                    yield poll(call, monitoring, monitor.get(), answer, now);
                }
                yield followLocation(call, sent, answer, now);
            }
            case FollowingLocation f -> followLocation(call, sent, answer, now);
            case Monitoring m -> monitor(call, m, answer, now);
            case Final f -> new Done(answer);
        };
    }

    private static Step followLocation(DurableHttpRequest call, DurableHttpRequest sent, DurableHttpResponse answer,
            Instant now) {
        Optional<URI> location = resolve(sent.uri(), answer.header("Location"));
        if (answer.statusCode() == 202 && location.isPresent()) {
            return poll(call, new FollowingLocation(), location.get(), answer, now);
        }
        return new Done(answer);
    }

    private static Step monitor(DurableHttpRequest call, Monitoring monitoring, DurableHttpResponse answer,
            Instant now) {
        if (!answer.isSuccessStatusCode()) {
            return new Done(answer);
        }
        Optional<JsonNode> body = json(answer.content());
        String status = body.map(b -> b.path("status").asText(null)).orElse(null);
        if (status == null) {
            return answer.statusCode() == 202 ? poll(call, monitoring, monitoring.monitor(), answer, now)
                    : new Done(answer);
        }
        String state = status.toLowerCase(Locale.ROOT);
        if (TERMINAL_FAILURES.contains(state)) {
            return new Done(answer);
        }
        if (!state.equals("succeeded")) {
            return poll(call, monitoring, monitoring.monitor(), answer, now);
        }
        Optional<URI> target = Optional.ofNullable(monitoring.finalResource())
                .or(() -> resolve(monitoring.monitor(), body.map(b -> b.path("resourceLocation").asText(null))));
        return target.<Step>map(uri -> new Poll(new Final(), pollRequest(call, uri), now)).orElse(new Done(answer));
    }

    private static Poll poll(DurableHttpRequest call, Phase phase, URI target, DurableHttpResponse answer,
            Instant now) {
        Instant at = RetryAfter.at(answer.header("Retry-After"), now)
                .orElse(now.plus(call.retryAfterWhenAbsent()));
        return new Poll(phase, pollRequest(call, target), at);
    }

    /** A GET of {@code target} with the call's headers and token source, as far as they may go there. */
    static DurableHttpRequest pollRequest(DurableHttpRequest call, URI target) {
        boolean sameOrigin = Origins.same(call.uri(), target);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        call.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_ON_POLLS.contains(lower) && (sameOrigin || !lower.equals("authorization"))) {
                headers.put(name, values);
            }
        });
        return new DurableHttpRequest(HttpMethod.GET, target, headers, null, sameOrigin ? call.tokenSource() : null,
                false, null, null, null);
    }

    private static URI finalResource(DurableHttpRequest call, URI sent, DurableHttpResponse answer) {
        if (call.method().equals(HttpMethod.PUT) || call.method().equals(HttpMethod.PATCH)) {
            return call.uri();
        }
        return resolve(sent, answer.header("Location")).orElse(null);
    }

    private static Optional<URI> monitorOf(URI sent, DurableHttpResponse answer) {
        return resolve(sent, answer.header("Azure-AsyncOperation").or(() -> answer.header("Operation-Location")));
    }

    /** {@code reference} resolved against {@code base}; empty when absent or not an http(s) URI. */
    private static Optional<URI> resolve(URI base, Optional<String> reference) {
        if (reference.isEmpty() || reference.get().isBlank()) {
            return Optional.empty();
        }
        try {
            URI resolved = base.resolve(reference.get().trim());
            String scheme = resolved.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && resolved.getHost() != null
                    ? Optional.of(resolved) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> json(String content) {
        if (content == null || content.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(content));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
