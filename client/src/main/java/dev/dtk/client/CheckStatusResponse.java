package dev.dtk.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The HTTP answer a service's own handler returns for an instance, as Durable Functions' client
 * binding builds it: status code, headers ({@code Location}, {@code Retry-After},
 * {@code Content-Type}) and the JSON body. Copy it onto the response of any HTTP framework.
 */
public record CheckStatusResponse(int statusCode, Map<String, String> headers, JsonNode body) {

    public CheckStatusResponse {
        headers = Map.copyOf(headers);
    }
}
