package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.app.AppBuilder;
import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.DurableHttpResponse;
import dev.dtk.http.internal.AsyncPolling;
import dev.dtk.topics.json.DtkJson;
import java.time.Duration;

/**
 * The HTTP call ({@code callHttp}): as in Durable Functions, each HTTP exchange is the built-in
 * activity {@value #ACTIVITY} on queue {@code http} (a {@link HistoryEvent.TaskScheduled} whose input
 * is the request, whose {@link HistoryEvent.TaskCompleted} result is the answer), and each wait
 * between polls or retries is a durable timer. {@link HttpCall} strings them together from the
 * recorded answers alone, so a replay never calls out, and a restart in the middle of polling
 * resumes polling without sending the first request again.
 */
final class HttpKind {

    /** The name of the built-in activity that sends one request, as Durable Functions names it. */
    static final String ACTIVITY = AppBuilder.HTTP_ACTIVITY;
    /** The queue of the built-in activity. */
    static final String QUEUE = AppBuilder.HTTP_QUEUE;

    private HttpKind() {
    }

    static ReplayTask<DurableHttpResponse> call(ReplayContext ctx, DurableHttpRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("callHttp needs a request");
        }
        return new HttpCall(ctx, request);
    }

    /** Records one exchange: {@code request} sent by a worker of the {@code http} queue. */
    static ActivityKind.Call<JsonNode> send(ReplayContext ctx, DurableHttpRequest request, Duration timeout) {
        int id = ctx.actions().nextId();
        JsonNode input = DtkJson.toTree(AsyncPolling.exchange(request, timeout));
        ctx.actions().schedule(new HistoryEvent.TaskScheduled(ctx.currentUtcDateTime(), id, ACTIVITY, input, QUEUE));
        return ctx.register(id, new ActivityKind.Call<>(ctx, ACTIVITY, id, JsonNode.class));
    }

    static boolean isExchange(HistoryEvent.TaskScheduled scheduled) {
        return ACTIVITY.equals(scheduled.name());
    }

    /** An exchange as the code reads: {@code callHttp(GET https://host/path)}, without the query (keys ride there). */
    static String describe(HistoryEvent.TaskScheduled exchange) {
        JsonNode input = exchange.input();
        String method = input == null ? "?" : input.path("method").asText("GET");
        String uri = input == null ? "?" : input.path("uri").asText("?");
        int query = uri.indexOf('?');
        return "callHttp(" + method + " " + (query < 0 ? uri : uri.substring(0, query)) + ")";
    }
}
