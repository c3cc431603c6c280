package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.client.CheckStatusResponse;
import dev.dtk.client.ManagementUrls;
import dev.dtk.observability.TraceHeaders;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starting an orchestration ({@code POST .../orchestrators/{name}[/{instanceId}]}): 202 with the
 * check-status payload once the start is durable, or, with {@code timeout} and
 * {@code pollingInterval}, the output when it finishes in time.
 */
public final class StartRoute implements Action {

    private final Api api;

    public StartRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String name = path.get("name");
        String explicitId = path.get("id") == null ? null : Api.instanceId(path.get("id"));
        JsonNode input = Bodies.json(request.body());
        Wait wait = Wait.of(request);
        try (Scope trace = trace(request).makeCurrent()) {
            return api.client(request).startNew(name, explicitId, input).thenCompose(id -> answer(request, id, wait));
        }
    }

    /** The request's trace context, which the orchestration joins (the client carries the current one). */
    static Context trace(ApiRequest request) {
        return request.traceparent() == null ? Context.root()
                : TraceHeaders.extract(Map.of(TraceHeaders.TRACEPARENT, request.traceparent()));
    }

    /** The answer for a started instance: 202 at once, or after waiting up to the caller's timeout. */
    CompletableFuture<Reply> answer(ApiRequest request, String id, Wait wait) {
        ManagementUrls urls = urls(request, id);
        if (wait == null) {
            return CompletableFuture.completedFuture(Reply.of(urls.accepted(id)));
        }
        return api.client(request).awaitFinished(id, urls, wait.timeout(), wait.interval())
                .thenApply(answer -> failedAs500(request, answer));
    }

    /** The instance's URLs, carrying the hub the request used (its {@code taskHub}, else the default hub). */
    private ManagementUrls urls(ApiRequest request, String id) {
        return new ManagementUrls(request.baseUrl(), id, api.hub(request).name(), request.param("connection"),
                request.key());
    }

    private static Reply failedAs500(ApiRequest request, CheckStatusResponse answer) {
        Reply reply = Reply.of(answer);
        if (answer.statusCode() == 200 && "Failed".equals(answer.body().path("runtimeStatus").asText(null))
                && answer.body().has("instanceId") && request.bool("returnInternalServerErrorOnFailure", false)) {
            return new Reply(500, reply.headers(), reply.body());
        }
        return reply;
    }

    /** {@code timeout} and {@code pollingInterval} of a start that waits for completion. */
    record Wait(Duration timeout, Duration interval) {

        static Wait of(ApiRequest request) {
            if (request.param("timeout") == null) {
                if (request.param("pollingInterval") != null) {
                    request.positiveInt("pollingInterval", 1);
                }
                return null;
            }
            int timeout = request.positiveInt("timeout", 0);
            int interval = request.positiveInt("pollingInterval", 1);
            if (interval > timeout) {
                throw ApiError.badRequest("The value of parameter 'pollingInterval' (" + interval + " s) must not be"
                        + " greater than 'timeout' (" + timeout + " s).");
            }
            return new Wait(Duration.ofSeconds(timeout), Duration.ofSeconds(interval));
        }
    }
}
