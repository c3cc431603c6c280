package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../instances/{id}/raiseEvent/{eventName}}: 202 when accepted (also for Pending and
 * Suspended instances: the event waits), 400 bad content type or JSON, 404 unknown, 410 finished.
 */
public final class EventRoute implements Action {

    private final Api api;

    public EventRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String id = Api.instanceId(path.get("id"));
        String event = path.get("event");
        if (event == null || event.isBlank()) {
            throw ApiError.badRequest("The event name must not be empty.");
        }
        if (!Bodies.isJson(request.contentType())) {
            throw ApiError.badRequest("Only application/json request content is supported");
        }
        JsonNode input = Bodies.json(request.body());
        return api.client(request).raiseEvent(id, event, input).thenApply(ok -> Reply.empty(202));
    }
}
