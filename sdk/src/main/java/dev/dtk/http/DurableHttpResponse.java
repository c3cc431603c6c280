package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.dtk.http.internal.Headers;
import dev.dtk.http.internal.HeadersJson;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer {@code callHttp} returns, as Durable Functions' {@code DurableHttpResponse}: any status,
 * 4xx and 5xx included (they are results, not exceptions), every header (content headers such as
 * {@code Content-Type} included) and the body: as text in {@code content}, or, when it is binary,
 * base64-encoded in {@code contentBase64} with {@code content} null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"statusCode", "headers", "content", "contentBase64"})
public record DurableHttpResponse(int statusCode,
        @JsonSerialize(using = HeadersJson.class) Map<String, List<String>> headers,
        String content,
        String contentBase64) {

    public DurableHttpResponse {
        if (statusCode < 100 || statusCode > 999) {
            throw new IllegalArgumentException("an HTTP status is a number from 100 to 999, got " + statusCode);
        }
        headers = Headers.copyOf(headers);
        if (content != null && contentBase64 != null) {
            throw new IllegalArgumentException("a response has either text content or binary content, not both");
        }
    }

    @JsonCreator
    static DurableHttpResponse fromJson(@JsonProperty("statusCode") int statusCode,
            @JsonProperty("headers") Map<String, Object> headers, @JsonProperty("content") String content,
            @JsonProperty("contentBase64") String contentBase64) {
        return new DurableHttpResponse(statusCode, Headers.fromJson(headers), content, contentBase64);
    }

    /** The first value of header {@code name}, case-insensitively. */
    public Optional<String> header(String name) {
        return Headers.first(headers, name);
    }

    /** Every value of header {@code name}, case-insensitively. */
    public List<String> headerValues(String name) {
        return Headers.values(headers, name);
    }

    /** The body of a binary answer, decoded; {@code null} for a text answer or none. */
    @JsonIgnore
    public byte[] binaryContent() {
        return contentBase64 == null ? null : Base64.getDecoder().decode(contentBase64);
    }

    /** Whether the status is 2xx. */
    @JsonIgnore
    public boolean isSuccessStatusCode() {
        return statusCode >= 200 && statusCode < 300;
    }
}
