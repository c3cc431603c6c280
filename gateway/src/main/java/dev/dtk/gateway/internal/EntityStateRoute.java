package dev.dtk.gateway.internal;

import dev.dtk.entity.EntityId;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET .../entities/{name}/{key}}: 200 with the entity's state as raw JSON, 404 when it does not
 * exist (it has no state). Read after the gateway's view caught up with what the engines published, so
 * an operation that has run is seen.
 */
public final class EntityStateRoute implements Action {

    private final Api api;

    public EntityStateRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        EntityId entity = EntitySignalRoute.entityId(path);
        return api.client(request).getEntity(entity).thenApply(found -> found
                .map(status -> Reply.json(200, status.state()))
                .orElseThrow(() -> ApiError.notFound("No entity '" + entity.name() + "' with key '" + entity.key()
                        + "' exists (an entity exists while it has state).")));
    }
}
