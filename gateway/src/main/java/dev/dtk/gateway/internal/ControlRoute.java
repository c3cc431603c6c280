package dev.dtk.gateway.internal;

import dev.dtk.client.InstanceStateConflictException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../instances/{id}/terminate|suspend|resume|rewind?reason=}: 202 when the command is
 * on {@code dtk.commands}; 404 unknown; 410 finished (terminate, suspend, resume) and rewind of one
 * that is not Failed; 409 suspend of a Suspended instance, resume of one that is not.
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
            case TERMINATE -> api.client(request).terminate(id, reason);
            case SUSPEND -> api.client(request).suspend(id, reason);
            case RESUME -> api.client(request).resume(id, reason);
            case REWIND -> api.client(request).rewind(id, reason).exceptionally(ControlRoute::notFailedIsGone);
        };
        return sent.thenApply(ok -> Reply.empty(202));
    }

    /**
     * Rewinding an instance that did not fail answers 410, as Durable Functions' clients expect: they
     * show "The rewind operation is only supported on failed orchestration instances" for a 410 (a 409
     * would reach the user as an unknown status code with an unreadable body).
     */
    private static Void notFailedIsGone(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof InstanceStateConflictException conflict) {
            throw ApiError.gone(conflict.getMessage());
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new java.util.concurrent.CompletionException(cause);
    }
}
