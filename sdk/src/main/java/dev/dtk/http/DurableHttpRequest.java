package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.dtk.http.internal.Headers;
import dev.dtk.http.internal.HeadersJson;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request an orchestration makes with {@code callHttp}, as Durable Functions'
 * {@code DurableHttpRequest}. It is recorded in history as JSON of the same shape.
 *
 * <pre>{@code
 * DurableHttpResponse site = ctx.callHttp(DurableHttpRequest.get(URI.create(url))).await();
 * DurableHttpResponse restart = ctx.callHttp(DurableHttpRequest.builder(HttpMethod.POST, URI.create(armUrl))
 *         .tokenSource(new ManagedIdentityTokenSource("https://management.core.windows.net/.default"))
 *         .build()).await();
 * }</pre>
 *
 * @param headers a name to one or many values; names are compared without regard to case. Recorded in
 *     history: use a {@link TokenSource} rather than an {@code Authorization} header for secrets
 * @param content the body, or {@code null}; streaming and multipart bodies are not supported
 * @param tokenSource where the worker gets a token for {@code Authorization: Bearer}, or {@code null}
 * @param asynchronousPatternEnabled follow a 202 with {@code Location} (and Azure's
 *     {@code Azure-AsyncOperation} / {@code Operation-Location}) until the operation ends; default true
 * @param timeout the whole call, polls and retries included, or {@code null} for none (each request
 *     still ends after the worker's request timeout, default 100 s)
 * @param retryOptions how to retry each request, or {@code null}
 * @param defaultRetryAfter how long to wait between polls when an answer has no {@code Retry-After};
 *     {@code null}: {@value #DEFAULT_RETRY_AFTER_SECONDS} s
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"method", "uri", "headers", "content", "tokenSource", "asynchronousPatternEnabled", "timeout",
    "retryOptions", "defaultRetryAfter"})
public record DurableHttpRequest(
        HttpMethod method,
        URI uri,
        @JsonSerialize(using = HeadersJson.class) Map<String, List<String>> headers,
        String content,
        TokenSource tokenSource,
        boolean asynchronousPatternEnabled,
        @JsonSerialize(using = ToStringSerializer.class) Duration timeout,
        HttpRetryOptions retryOptions,
        @JsonSerialize(using = ToStringSerializer.class) Duration defaultRetryAfter) {

    public static final long DEFAULT_RETRY_AFTER_SECONDS = 30;
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(DEFAULT_RETRY_AFTER_SECONDS);

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public DurableHttpRequest {
        if (method == null) {
            throw new IllegalArgumentException("a DurableHttpRequest needs a method");
        }
        if (uri == null || !uri.isAbsolute() || !ManagedIdentityTokenSource.isHttp(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException("a DurableHttpRequest needs an absolute http or https URI with a host,"
                    + " got '" + uri + "'");
        }
        headers = Headers.copyOf(headers);
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("the timeout of a DurableHttpRequest must be positive, got " + timeout);
        }
        if (defaultRetryAfter != null && defaultRetryAfter.isNegative()) {
            throw new IllegalArgumentException("defaultRetryAfter must not be negative, got " + defaultRetryAfter);
        }
    }

    /** A GET of {@code uri}. */
    public static DurableHttpRequest get(URI uri) {
        return builder(HttpMethod.GET, uri).build();
    }

    /** A POST to {@code uri} without a body. */
    public static DurableHttpRequest post(URI uri) {
        return builder(HttpMethod.POST, uri).build();
    }

    public static Builder builder(HttpMethod method, URI uri) {
        return new Builder(method, uri);
    }

    /** A builder holding this request's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder(method, uri);
        headers.forEach(builder.headers::put);
        builder.content = content;
        builder.tokenSource = tokenSource;
        builder.asynchronousPatternEnabled = asynchronousPatternEnabled;
        builder.timeout = timeout;
        builder.retryOptions = retryOptions;
        builder.defaultRetryAfter = defaultRetryAfter;
        return builder;
    }

    /** How long to wait between polls when an answer has no {@code Retry-After}. */
    public Duration retryAfterWhenAbsent() {
        return defaultRetryAfter == null ? DEFAULT_RETRY_AFTER : defaultRetryAfter;
    }

    /** The first value of header {@code name}, case-insensitively. */
    public Optional<String> header(String name) {
        return Headers.first(headers, name);
    }

    @JsonCreator
    static DurableHttpRequest fromJson(@JsonProperty("method") String method, @JsonProperty("uri") String uri,
            @JsonProperty("headers") Map<String, Object> headers, @JsonProperty("content") String content,
            @JsonProperty("tokenSource") TokenSource tokenSource,
            @JsonProperty("asynchronousPatternEnabled") Boolean asynchronousPatternEnabled,
            @JsonProperty("timeout") String timeout, @JsonProperty("retryOptions") HttpRetryOptions retryOptions,
            @JsonProperty("defaultRetryAfter") String defaultRetryAfter) {
        URI parsed;
        try {
            parsed = uri == null ? null : URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid uri '" + uri + "': " + e.getMessage(), e);
        }
        return new DurableHttpRequest(HttpMethod.of(method == null ? "GET" : method), parsed,
                Headers.fromJson(headers), content, tokenSource,
                asynchronousPatternEnabled == null || asynchronousPatternEnabled, duration("timeout", timeout),
                retryOptions, duration("defaultRetryAfter", defaultRetryAfter));
    }

    static Duration duration(String name, String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Duration.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT30S, got '" + iso + "'",
                    e);
        }
    }

    /** Builds a {@link DurableHttpRequest}; {@link #build()} checks every setting. */
    public static final class Builder {

        private final HttpMethod method;
        private final URI uri;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private String content;
        private TokenSource tokenSource;
        private boolean asynchronousPatternEnabled = true;
        private Duration timeout;
        private HttpRetryOptions retryOptions;
        private Duration defaultRetryAfter;

        private Builder(HttpMethod method, URI uri) {
            this.method = method;
            this.uri = uri;
        }

        /** Adds {@code values} to header {@code name}. */
        public Builder header(String name, String... values) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(List.of(values));
            return this;
        }

        /** Adds every header of {@code more}. */
        public Builder headers(Map<String, ? extends Collection<String>> more) {
            more.forEach((name, values) -> header(name, values.toArray(String[]::new)));
            return this;
        }

        /** The body, sent as it is. */
        public Builder content(String body) {
            this.content = body;
            return this;
        }

        /** The body with its {@code Content-Type}. */
        public Builder content(String body, String contentType) {
            headers.keySet().removeIf("Content-Type"::equalsIgnoreCase);
            header("Content-Type", contentType);
            return content(body);
        }

        /** {@code value} written as JSON, with {@code Content-Type: application/json; charset=utf-8}. */
        public Builder jsonContent(Object value) {
            try {
                return content(JSON.writeValueAsString(value), "application/json; charset=utf-8");
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                        + e.getOriginalMessage(), e);
            }
        }

        public Builder tokenSource(TokenSource source) {
            this.tokenSource = source;
            return this;
        }

        /** Whether to follow 202 answers until the operation ends; default true. */
        public Builder asynchronousPatternEnabled(boolean enabled) {
            this.asynchronousPatternEnabled = enabled;
            return this;
        }

        /** The longest the whole call may take, polls and retries included. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        public Builder retryOptions(HttpRetryOptions options) {
            this.retryOptions = options;
            return this;
        }

        /** The wait between polls when an answer has no {@code Retry-After}; default 30 s. */
        public Builder defaultRetryAfter(Duration value) {
            this.defaultRetryAfter = value;
            return this;
        }

        public DurableHttpRequest build() {
            return new DurableHttpRequest(method, uri, headers, content, tokenSource, asynchronousPatternEnabled,
                    timeout, retryOptions, defaultRetryAfter);
        }
    }
}
