package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;
import java.io.IOException;

/** Request bodies as JSON: empty means {@code null}; anything that is not JSON is a 400. */
public final class Bodies {

    private Bodies() {
    }

    public static JsonNode json(byte[] body) {
        if (body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            JsonNode node = DtkJson.mapper().readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            throw ApiError.badRequest("The request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";")[0].trim();
        return type.equalsIgnoreCase("application/json") || type.toLowerCase(java.util.Locale.ROOT).endsWith("+json");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
