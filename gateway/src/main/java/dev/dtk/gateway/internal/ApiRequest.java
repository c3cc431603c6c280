package dev.dtk.gateway.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.dtk.client.Times;
import dev.dtk.topics.message.RuntimeStatus;

/**
 * One HTTP request as the routes see it: decoded path segments, query parameters, the headers that
 * matter, the body, and what URLs handed back must carry (base URL, key, task hub, connection).
 * Unknown query parameters are ignored; a bad value of a known one is a 400 naming it.
 * {@code traceparent} is the W3C trace context of the request (the gateway's span when traces are
 * on), which a start passes on to the orchestration; null when there is none.
 */
public record ApiRequest(
        String method,
        List<String> segments,
        Map<String, List<String>> query,
        String contentType,
        String continuationToken,
        byte[] body,
        String baseUrl,
        String pathAndQuery,
        String key,
        String traceparent) {

    public ApiRequest {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
        body = body == null ? new byte[0] : body;
    }

    /** Splits a raw path into decoded segments ({@code +} stays a plus sign in a path). */
    public static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    public ApiRequest withBody(byte[] newBody) {
        return new ApiRequest(method, segments, query, contentType, continuationToken, newBody, baseUrl,
                pathAndQuery, key, traceparent);
    }

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String param(String name, String fallback) {
        String value = param(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    public boolean bool(String name, boolean fallback) {
        String value = param(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiError.badRequest("The value of parameter '" + name + "' must be true or false, got '" + value
                + "'.");
    }

    /** A positive whole number, or {@code fallback} when absent. */
    public int positiveInt(String name, int fallback) {
        String value = param(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiError.badRequest("The value of parameter '" + name + "' must be a positive whole number, got '"
                + value + "'.");
    }

    /** A UTC time; {@code null} when absent. */
    public Instant instant(String name) {
        String value = param(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        return Times.parse(value).orElseThrow(() -> ApiError.badRequest("The value of parameter '" + name
                + "' must be an ISO-8601 time such as 2026-01-31T12:00:00Z, got '" + value + "'."));
    }

    /** Runtime statuses, as a comma list or repeated; empty when absent. */
    public Set<RuntimeStatus> statuses(String name) {
        Set<RuntimeStatus> out = EnumSet.noneOf(RuntimeStatus.class);
        for (String value : query.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                String trimmed = part.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                RuntimeStatus match = null;
                for (RuntimeStatus status : RuntimeStatus.values()) {
                    if (status.name().equalsIgnoreCase(trimmed)) {
                        match = status;
                    }
                }
                if (match == null) {
                    throw ApiError.badRequest("The value of parameter '" + name + "' has unknown runtime status '"
                            + trimmed + "'; use " + List.of(RuntimeStatus.values()) + ".");
                }
                out.add(match);
            }
        }
        return out;
    }
}
