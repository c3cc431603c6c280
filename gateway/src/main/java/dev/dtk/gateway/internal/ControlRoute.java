package dev.dtk.gateway.internal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../instances/{id}/terminate|suspend|resume|rewind?reason=}: 202 when the command is
 * on {@code dtk.commands}; 404 unknown; 410 finished (terminate, suspend, resume); 409 suspend of
 * a Suspended instance, resume of one that is not, rewind of one that is not Failed.
 */
public final class ControlRoute implements Action {

    public enum Kind { TERMINATE, SUSPEND, RESUME, REWIND }

    private final Api api;
    private final Kind kind;

    public ControlRoute(Api api, Kind kind) {
        this.api = api;
        this.kind = kind;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String id = Api.instanceId(path.get("id"));
        String reason = request.param("reason");
        CompletableFuture<Void> sent = switch (kind) {
            case TERMINATE -> api.client().terminate(id, reason);
            case SUSPEND -> api.client().suspend(id, reason);
            case RESUME -> api.client().resume(id, reason);
            case REWIND -> api.client().rewind(id, reason);
        };
        return sent.thenApply(ok -> Reply.empty(202));
    }
}
