package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * dtk's own routes for dead letters (not part of the Durable Functions API; keys as everywhere):
 * <ul>
 *   <li>{@code GET /dtk/dead-letters?top=50}: 200 with the latest dead letters, newest first (at most 500);
 *   <li>{@code POST /dtk/dead-letters/redrive} with {@code {"topic":"dtk.commands","key":"...","value":"...",
 *       "deadLetter":"dtk.dead-letters-0@12"}}: produces the corrected {@code value} (the record's text) under
 *       {@code key} to {@code topic}, one of the topics dtk reads input from; 202 with where it went.
 * </ul>
 * Both work on the hub the request names ({@code taskHub}, else the gateway's default hub).
 */
public final class DeadLetterRoutes {

    public static final String LIST = "/dtk/dead-letters";
    public static final String REDRIVE = "/dtk/dead-letters/redrive";
    private static final int MAX_TOP = 500;

    private final Api api;

    public DeadLetterRoutes(Api api) {
        this.api = api;
    }

    public Action list() {
        return (request, path) -> {
            int top = Math.min(request.positiveInt("top", 50), MAX_TOP);
            DeadLetterDesk desk = api.hubs().of(request).deadLetters();
            return CompletableFuture.supplyAsync(() -> {
                ArrayNode body = JsonNodeFactory.instance.arrayNode();
                desk.latest(top).forEach(body::add);
                return Reply.json(200, body);
            }, api.workers());
        };
    }

    public Action redrive() {
        return this::redrive;
    }

    private CompletionStage<Reply> redrive(ApiRequest request, Map<String, String> path) {
        JsonNode body = Bodies.json(request.body());
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest("Send {\"topic\":..., \"key\":..., \"value\":...} as JSON: the corrected record"
                    + " and where it goes.");
        }
        String topic = body.path("topic").asText(null);
        DeadLetterDesk desk = api.hubs().of(request).deadLetters();
        if (!desk.redrivable(topic)) {
            throw ApiError.badRequest("A record can be re-driven only to " + desk.redrivableTopics() + ", not to '"
                    + topic + "'.");
        }
        String key = body.path("key").asText("");
        if (key.isEmpty()) {
            throw ApiError.badRequest("The re-driven record needs its \"key\": the instance ID.");
        }
        JsonNode value = body.get("value");
        if (value == null || !value.isTextual()) {
            throw ApiError.badRequest("\"value\" must be the corrected record's text (a string, usually JSON).");
        }
        String from = body.path("deadLetter").asText(null);
        byte[] bytes = value.asText().getBytes(StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> {
            var written = desk.redrive(topic, key, bytes, from);
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("topic", written.topic())
                    .put("partition", written.partition()).put("offset", written.offset());
            return Reply.json(202, answer);
        }, api.workers());
    }
}
