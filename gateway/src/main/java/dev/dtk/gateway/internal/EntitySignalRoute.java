package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dtk.entity.EntityId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../entities/{name}/{key}?op=...} signals an entity with the body as the operation's input;
 * {@code DELETE} on the same URL signals {@code delete}. 202 with an empty body once the signal is
 * durable; 400 for a bad ID, a missing operation, invalid JSON or an entity name no engine knows.
 *
 * <p>The body is JSON when the content type says so (and must then be valid). A {@code text/*} body is
 * the text itself. Any other body (none, or {@code application/x-www-form-urlencoded}, as the Durable
 * Functions Node client sends its {@code JSON.stringify}-ed input) is read as JSON when it is JSON,
 * else as text.
 */
public final class EntitySignalRoute implements Action {

    private final Api api;
    private final String fixedOperation;

    /** {@code fixedOperation}: the operation this route always signals (DELETE), or null to take {@code op}. */
    public EntitySignalRoute(Api api, String fixedOperation) {
        this.api = api;
        this.fixedOperation = fixedOperation;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        EntityId entity = entityId(path);
        String operation = fixedOperation != null ? fixedOperation : request.param("op");
        if (operation == null || operation.isBlank()) {
            throw ApiError.badRequest("Please provide the operation to run with the 'op' query parameter, for"
                    + " example ?op=add.");
        }
        JsonNode input = fixedOperation != null ? null : input(request);
        return api.client(request).signalEntity(entity, operation, input).thenApply(ok -> Reply.empty(202));
    }

    /** The entity of a route's {@code name} and {@code key}, or a 400 that says what is wrong. */
    static EntityId entityId(Map<String, String> path) {
        try {
            return EntityId.of(path.get("name"), path.get("key"));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    private static JsonNode input(ApiRequest request) {
        String type = request.contentType() == null ? "" : request.contentType().split(";")[0].trim();
        if (Bodies.isJson(type)) {
            return Bodies.json(request.body());
        }
        String text = new String(request.body(), StandardCharsets.UTF_8);
        if (type.regionMatches(true, 0, "text/", 0, 5)) {
            return text.isEmpty() ? null : TextNode.valueOf(text);
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            return Bodies.json(request.body());
        } catch (ApiError notJson) {
            return TextNode.valueOf(text);
        }
    }
}
