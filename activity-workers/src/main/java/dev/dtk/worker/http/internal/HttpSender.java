package dev.dtk.worker.http.internal;

import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpCallTimeoutException;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.http.HttpConnectionException;
import dev.dtk.http.HttpMethod;
import dev.dtk.http.HttpResponseTooLargeException;
import dev.dtk.http.internal.Origins;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.worker.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one exchange: the request with its headers and a token from its source, redirects followed
 * (a user-set {@code Authorization} and the token only while the origin stays the same), the answer
 * read up to the payload limit and returned with every header. The request's own timeout (or the
 * worker's request timeout) bounds the whole exchange, redirects and body included.
 */
final class HttpSender {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSender.class);
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** The longest a single exchange waits, whatever the call's timeout. */
    static final Duration MAX_EXCHANGE = Duration.ofHours(24);

    private final HttpClient client;
    private final HttpSettings settings;
    private final Tokens tokens;
    private final HostAllowList hosts;
    private final Limits limits;

    HttpSender(HttpClient client, HttpSettings settings, Tokens tokens, Limits limits) {
        this.client = client;
        this.settings = settings;
        this.tokens = tokens;
        this.hosts = new HostAllowList(settings.allowedHosts());
        this.limits = limits;
    }

    DurableHttpResponse send(DurableHttpRequest request) throws InterruptedException {
        Duration timeout = request.timeout() == null ? settings.requestTimeout()
                : request.timeout().compareTo(MAX_EXCHANGE) > 0 ? MAX_EXCHANGE : request.timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI first = request.uri();
        URI uri = first;
        HttpMethod method = request.method();
        String body = request.content();
        hosts.check(uri, describe(method, uri));
        String token = request.tokenSource() == null ? null : tokens.token(request.tokenSource());
        for (int redirects = 0; ; redirects++) {
            boolean sameOrigin = Origins.same(first, uri);
            HttpResponse<byte[]> answer = exchange(build(request, method, uri, body, sameOrigin ? token : null,
                    sameOrigin), deadline, timeout);
            URI next = redirect(answer, uri);
            if (next == null || redirects >= settings.maxRedirects()) {
                LOG.debug("{} answered {}", describe(method, uri), answer.statusCode());
                return response(method, uri, answer);
            }
            hosts.check(next, describe(method, next) + " (redirected from " + Origins.withoutQuery(uri) + ")");
            if (answer.statusCode() == 303 || ((answer.statusCode() == 301 || answer.statusCode() == 302)
                    && !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD))) {
                method = HttpMethod.GET;
                body = null;
            }
            uri = next;
        }
    }

    private HttpRequest build(DurableHttpRequest request, HttpMethod method, URI uri, String body, String token,
            boolean sameOrigin) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        for (HttpClientCustomizer customizer : settings.customizers()) {
            customizer.customizeRequest(builder);
        }
        request.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESTRICTED.contains(lower) || (lower.equals("authorization") && (!sameOrigin || token != null))) {
                return;
            }
            if (!values.isEmpty()) {
                builder.setHeader(name, values.getFirst());
                values.stream().skip(1).forEach(value -> builder.header(name, value));
            }
        });
        if (token != null) {
            builder.setHeader("Authorization", "Bearer " + token);
        }
        return builder.method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<byte[]> exchange(HttpRequest request, long deadline, Duration timeout)
            throws InterruptedException {
        String what = describe(HttpMethod.of(request.method()), request.uri());
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new HttpCallTimeoutException(what + " got no answer within " + timeout);
        }
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request,
                BoundedBody.handler(limits.maxPayloadBytes()));
        try {
            return answer.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpCallTimeoutException(what + " got no answer within " + timeout);
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failure(what, tooLargeIn(e.getCause()), timeout);
        }
    }

    /** The body limit's failure when it is anywhere in the chain (the client may wrap it), else {@code cause}. */
    private static Throwable tooLargeIn(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BoundedBody.TooLarge) {
                return t;
            }
        }
        return cause;
    }

    private RuntimeException failure(String what, Throwable cause, Duration timeout) {
        return switch (cause) {
            case BoundedBody.TooLarge tooLarge -> new HttpResponseTooLargeException("the answer to " + what + " is more"
                    + " than " + tooLarge.maxBytes + " bytes, over the limit for one payload (DTK_MAX_PAYLOAD_BYTES);"
                    + " callHttp keeps every answer in history: fetch large bodies in an activity that stores them"
                    + " and returns a reference");
            case HttpConnectTimeoutException e -> new HttpConnectionException("could not connect for " + what
                    + " within " + settings.connectTimeout());
            case HttpTimeoutException e -> new HttpCallTimeoutException(what + " got no answer within " + timeout);
            case IOException e -> new HttpConnectionException(what + " failed: " + e);
            default -> new HttpConnectionException(what + " failed: " + cause);
        };
    }

    private DurableHttpResponse response(HttpMethod method, URI uri, HttpResponse<byte[]> answer) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        answer.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                headers.put(name, values);
            }
        });
        ResponseBodies.Body body = ResponseBodies.of(answer.body(), answer.headers().firstValue("Content-Type"));
        DurableHttpResponse response = new DurableHttpResponse(answer.statusCode(), headers, body.text(),
                body.base64());
        long size = DtkJson.write(response).length;
        if (size > limits.maxPayloadBytes()) {
            throw new HttpResponseTooLargeException("the answer to " + describe(method, uri) + " ("
                    + answer.statusCode() + ") is " + size + " bytes as JSON, over the limit of "
                    + limits.maxPayloadBytes() + " bytes for one payload (DTK_MAX_PAYLOAD_BYTES); callHttp keeps every"
                    + " answer in history: fetch large bodies in an activity that stores them and returns a reference");
        }
        return response;
    }

    private static URI redirect(HttpResponse<byte[]> answer, URI from) {
        int status = answer.statusCode();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return null;
        }
        return answer.headers().firstValue("Location").map(location -> {
            try {
                URI next = from.resolve(location.trim());
                return "http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme())
                        ? next : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }).orElse(null);
    }

    static String describe(HttpMethod method, URI uri) {
        return method + " " + Origins.withoutQuery(uri);
    }
}
