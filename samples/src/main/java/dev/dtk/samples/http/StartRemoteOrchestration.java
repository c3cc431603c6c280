package dev.dtk.samples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.HttpMethod;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One app orchestrating another, as the seed describes: starts orchestrator {@code name} through a
 * dtk (or Durable Functions) gateway's start route with {@code callHttp}; the automatic polling
 * follows the 202's {@code Location} on durable timers until the status route answers 200, and the
 * remote output becomes this orchestration's output. Input: {@code {"gateway": "http://host:7071",
 * "name": "HelloSequence", "input": ..., "key": "..."}} ({@code input} and {@code key} optional).
 */
public final class StartRemoteOrchestration implements Orchestrator {

    public static final String NAME = "StartRemoteOrchestration";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The input. */
    public record Input(String gateway, String name, JsonNode input, String key) {
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        Input in = ctx.getInput(Input.class);
        if (in == null || in.gateway() == null || in.name() == null) {
            throw new IllegalArgumentException("StartRemoteOrchestration needs {\"gateway\": \"http://...\","
                    + " \"name\": \"...\"}");
        }
        URI start = URI.create(in.gateway().replaceAll("/+$", "") + "/runtime/webhooks/durabletask/orchestrators/"
                + URLEncoder.encode(in.name(), StandardCharsets.UTF_8).replace("+", "%20"));
        DurableHttpRequest.Builder request = DurableHttpRequest.builder(HttpMethod.POST, start);
        if (in.input() != null) {
            request.jsonContent(in.input());
        }
        if (in.key() != null) {
            request.header("x-functions-key", in.key());
        }
        DurableHttpResponse response = ctx.callHttp(request.build()).await();
        JsonNode status = parse(response);
        String runtimeStatus = status.path("runtimeStatus").asText();
        if (response.statusCode() != 200 || !runtimeStatus.equals("Completed")) {
            throw new IllegalStateException("remote orchestration '" + in.name() + "' at " + in.gateway() + " ended "
                    + (runtimeStatus.isEmpty() ? "with HTTP " + response.statusCode() : runtimeStatus) + ": "
                    + (status.has("output") ? status.get("output") : response.content()));
        }
        return status.get("output");
    }

    private static JsonNode parse(DurableHttpResponse response) {
        try {
            return response.content() == null || response.content().isEmpty() ? JSON.createObjectNode()
                    : JSON.readTree(response.content());
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
