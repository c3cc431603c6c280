package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.client.InstanceNotFoundException;
import dev.dtk.client.ManagementUrls;
import dev.dtk.client.StatusJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET .../instances/{id}}: the status object; 202 with {@code Location} and
 * {@code Retry-After: 5} while the instance is live, 200 when finished (500 for Failed when the
 * caller asks), 404 unknown. {@code showHistory} asks the engines for the history.
 */
public final class StatusRoute implements Action {

    private final Api api;

    public StatusRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String id = Api.instanceId(path.get("id"));
        boolean showInput = request.bool("showInput", true);
        boolean showHistory = request.bool("showHistory", false);
        boolean showOutput = request.bool("showHistoryOutput", false);
        request.bool("returnInternalServerErrorOnFailure", false);
        return api.client(request).getStatus(id).thenCompose(found -> {
            InstanceStatus status = found.orElseThrow(() -> new InstanceNotFoundException(id));
            ObjectNode body = StatusJson.of(status, showInput);
            CompletableFuture<ObjectNode> full = !showHistory ? CompletableFuture.completedFuture(body)
                    : api.client(request).getHistory(id, showOutput).thenApply(history -> {
                        body.set("historyEvents", history.orElse(JsonNodeFactory.instance.arrayNode()));
                        return body;
                    });
            return full.thenApply(json -> reply(request, status, json, location(request, api.hub(request).name())));
        });
    }

    /** The answer for {@code status}: 202 + polling headers while live, else 200 (or 500 for Failed if asked). */
    static Reply reply(ApiRequest request, InstanceStatus status, ObjectNode body, String location) {
        RuntimeStatus runtime = status.runtimeStatus();
        if (!runtime.isTerminal()) {
            return Reply.json(202, body).withHeader("Location", location).withHeader("Retry-After", "5");
        }
        if (runtime == RuntimeStatus.Failed && request.bool("returnInternalServerErrorOnFailure", false)) {
            return Reply.json(500, body);
        }
        return Reply.json(200, body);
    }

    /**
     * The request URL, with the hub it used as {@code taskHub} when it named none (the default hub), and the
     * caller's key as {@code code} when it came in a header.
     */
    static String location(ApiRequest request, String hub) {
        String url = request.baseUrl() + request.pathAndQuery();
        if (request.param("taskHub") == null || request.param("taskHub").isEmpty()) {
            url += (url.contains("?") ? "&" : "?") + "taskHub=" + ManagementUrls.encode(hub);
        }
        if (request.key() != null && request.param("code") == null) {
            url += (url.contains("?") ? "&" : "?") + "code=" + ManagementUrls.encode(request.key());
        }
        return url;
    }
}
