package dev.dtk.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain HTTP client for a gateway, as a user's script would be: java.net.http, the key in a header. */
final class GatewayClient {

    static final String BASE = "/runtime/webhooks/durabletask";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String key;

    GatewayClient(String url, String key) {
        this.url = url;
        this.key = key;
    }

    String url() {
        return url;
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    HttpResponse<String> getUrl(String absoluteUrl) {
        return send(HttpRequest.newBuilder(URI.create(absoluteUrl)).timeout(Duration.ofSeconds(30)).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> post(String path, String body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("x-functions-key", key);
        }
        return builder;
    }

    /** Starts {@code name} and returns the instance ID from the 202 payload. */
    String start(String name, String id, String inputJson) {
        HttpResponse<String> response = post(BASE + "/orchestrators/" + name + (id == null ? "" : "/" + id), inputJson);
        if (response.statusCode() != 202) {
            throw new AssertionError("start of " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response).get("id").asText();
    }

    HttpResponse<String> status(String id, String query) {
        return get(BASE + "/instances/" + id + (query == null ? "" : "?" + query));
    }

    static JsonNode json(HttpResponse<String> response) {
        return DtkJson.read(response.body().getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }
}
