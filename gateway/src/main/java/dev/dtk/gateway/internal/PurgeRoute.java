package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code DELETE .../instances/{id}} and {@code DELETE .../instances?createdTimeFrom=...}: purge
 * finished instances. The engine deletes state, history and timers and tombstones the status; the
 * answer waits (bounded) until this gateway's view no longer holds them, so a GET after the 200 is a 404.
 */
public final class PurgeRoute implements Action {

    private final Api api;
    private final boolean byFilter;

    public PurgeRoute(Api api, boolean byFilter) {
        this.api = api;
        this.byFilter = byFilter;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        if (!byFilter) {
            return api.client(request).purge(Api.instanceId(path.get("id"))).thenApply(PurgeRoute::deleted);
        }
        if (request.param("createdTimeFrom") == null || request.param("createdTimeFrom").isEmpty()) {
            throw ApiError.badRequest("Please provide value for 'createdTimeFrom' parameter.");
        }
        return api.client(request).purge(QueryRoute.filter(request)).thenApply(count -> {
            if (count == 0) {
                throw ApiError.notFound("No finished instance matched the filter.");
            }
            return deleted(count);
        });
    }

    private static Reply deleted(int count) {
        return Reply.json(200, JsonNodeFactory.instance.objectNode().put("instancesDeleted", count));
    }
}
