package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.client.CheckStatusResponse;
import dev.dtk.topics.json.DtkJson;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer: status, headers and body ({@code null}: no body). */
public record Reply(int status, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json; charset=utf-8";

    public Reply {
        headers = Map.copyOf(headers);
    }

    public static Reply json(int status, JsonNode body) {
        return new Reply(status, Map.of("Content-Type", JSON), DtkJson.write(body));
    }

    /** A check-status answer the client built. */
    public static Reply of(CheckStatusResponse response) {
        return new Reply(response.statusCode(), response.headers(), DtkJson.write(response.body()));
    }

    public static Reply empty(int status) {
        return new Reply(status, Map.of(), null);
    }

    /**
     * An error with the fields Durable Functions clients read: {@code error} (what kind), {@code message}
     * and, as the Durable Functions extension sends them, {@code Message} and {@code ExceptionMessage}.
     */
    public static Reply error(int status, String error, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", error);
        body.put("message", message);
        body.put("Message", message);
        body.put("ExceptionMessage", message);
        return json(status, body);
    }

    public Reply withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new Reply(status, all, body);
    }
}
