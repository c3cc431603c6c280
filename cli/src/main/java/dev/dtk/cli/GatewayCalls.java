package dev.dtk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Calls to a gateway's HTTP API for the management commands: the key as {@code x-functions-key} on
 * every call, answers as status and body, and failures as {@link Refused} with a message for a
 * person at a terminal.
 */
final class GatewayCalls {

    static final String BASE = "/runtime/webhooks/durabletask";

    /** The gateway said no, or could not be reached; the message says what to do. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    record Answer(int status, JsonNode body, String continuationToken) {
    }

    /** What a listing found: the entries to show, and whether the gateway has more. */
    record Listing(List<JsonNode> entries, boolean more) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String key;

    GatewayCalls(String url, String key) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.key = key == null || key.isBlank() ? null : key.trim();
    }

    Answer get(String path, Map<String, String> query, String continuationToken) {
        HttpRequest.Builder request = request(path, query).GET();
        if (continuationToken != null) {
            request.header("x-ms-continuation-token", continuationToken);
        }
        return send(request);
    }

    /**
     * The entries of a paged {@code GET path} that pass {@code keep}: page after page until {@code top} are
     * found, or every one when {@code all}.
     */
    Listing list(String path, Map<String, String> query, Predicate<JsonNode> keep, int top, boolean all) {
        List<JsonNode> found = new ArrayList<>();
        String token = null;
        do {
            Answer page = get(path, query, token);
            for (JsonNode entry : page.body()) {
                if (keep.test(entry)) {
                    found.add(entry);
                }
            }
            token = page.continuationToken();
        } while (token != null && (all || found.size() < top));
        List<JsonNode> shown = all ? found : found.subList(0, Math.min(top, found.size()));
        return new Listing(shown, token != null || shown.size() < found.size());
    }

    Answer post(String path, Map<String, String> query, String json) {
        return send(request(path, query).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer delete(String path) {
        return send(request(path, Map.of()).DELETE());
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path, Map<String, String> query) {
        Map<String, String> params = new LinkedHashMap<>(query);
        params.values().removeIf(v -> v == null);
        String q = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path + (q.isEmpty() ? "" : "?" + q)))
                .timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("x-functions-key", key);
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new Refused("cannot reach the gateway at " + url + " (is it running? give its URL with --gateway or"
                    + " DTK_GATEWAY_URL)");
        } catch (IOException e) {
            throw new Refused("the gateway at " + url + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("interrupted");
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() == 401) {
            throw new Refused("the gateway at " + url + " wants a key: set DTK_GATEWAY_KEY to one of its keys (or"
                    + " --key-file)" + (key == null ? "" : "; the key given is not one of them"));
        }
        if (response.statusCode() >= 400) {
            String message = body != null && body.hasNonNull("message") ? body.get("message").asText()
                    : response.body();
            throw new Refused(message + " (HTTP " + response.statusCode() + ")");
        }
        return new Answer(response.statusCode(), body,
                response.headers().firstValue("x-ms-continuation-token").filter(t -> !t.isEmpty()).orElse(null));
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DtkJson.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
