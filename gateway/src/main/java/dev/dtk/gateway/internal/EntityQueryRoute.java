package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.client.EntityQuery;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET .../entities} and {@code GET .../entities/{name}}: the entities that exist, in ID order,
 * {@code top} per page (default 100), filtered by {@code lastOperationTimeFrom}/{@code To}, with their
 * state when {@code fetchState=true}; paging with the {@code x-ms-continuation-token} header as for
 * instances. Each entry: {@code {"entityId":{"name":...,"key":...},"lastOperationTime":...,"state":...}}.
 */
public final class EntityQueryRoute implements Action {

    private static final int DEFAULT_TOP = 100;

    private final Api api;

    public EntityQueryRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String name = path.get("name");
        if (name != null && (name.isBlank() || name.contains("@"))) {
            throw ApiError.badRequest("The entity name '" + name + "' is not valid: it must not be blank nor contain"
                    + " '@'.");
        }
        EntityQuery query = new EntityQuery(name, request.instant("lastOperationTimeFrom"),
                request.instant("lastOperationTimeTo"));
        boolean fetchState = request.bool("fetchState", false);
        int top = request.positiveInt("top", DEFAULT_TOP);
        try {
            return api.client(request).queryEntities(query, top, request.continuationToken()).thenApply(page -> {
                ArrayNode body = JsonNodeFactory.instance.arrayNode();
                page.entities().forEach(entity -> {
                    ObjectNode entry = body.addObject();
                    entry.putObject("entityId").put("name", entity.name()).put("key", entity.key());
                    entry.put("lastOperationTime", entity.lastOperationTime() == null ? null
                            : entity.lastOperationTime().toString());
                    if (fetchState) {
                        entry.set("state", entity.state());
                    }
                });
                return Reply.json(200, body).withHeader(QueryRoute.TOKEN_HEADER,
                        page.continuationToken() == null ? "" : page.continuationToken());
            });
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("The value of header '" + QueryRoute.TOKEN_HEADER + "' is not a continuation"
                    + " token this gateway handed out.");
        }
    }
}
