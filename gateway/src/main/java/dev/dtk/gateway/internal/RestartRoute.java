package dev.dtk.gateway.internal;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../instances/{id}/restart?restartWithNewInstanceId=true|false}: starts the same
 * orchestrator with the same input, as a new instance (default) or afresh under the same ID (409
 * while that instance is live); answers like start. 404 unknown.
 */
public final class RestartRoute implements Action {

    private final Api api;
    private final StartRoute starts;

    public RestartRoute(Api api, StartRoute starts) {
        this.api = api;
        this.starts = starts;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String id = Api.instanceId(path.get("id"));
        boolean newId = request.bool("restartWithNewInstanceId", true);
        StartRoute.Wait wait = StartRoute.Wait.of(request);
        try (io.opentelemetry.context.Scope trace = StartRoute.trace(request).makeCurrent()) {
            return api.client(request).restart(id, newId).thenCompose(target -> starts.answer(request, target, wait));
        }
    }
}
