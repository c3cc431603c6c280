package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dtk.client.InstanceQuery;
import dev.dtk.client.StatusJson;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET .../instances}: statuses matching the filters, in instance ID order, {@code top} per
 * page. The continuation token (request and response header {@code x-ms-continuation-token}) is
 * empty on the last page. Read-your-writes: an instance whose start was acknowledged is listed.
 */
public final class QueryRoute implements Action {

    public static final String TOKEN_HEADER = "x-ms-continuation-token";
    private static final int DEFAULT_TOP = 100;

    private final Api api;

    public QueryRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        InstanceQuery query = filter(request);
        boolean showInput = request.bool("showInput", true);
        int top = request.positiveInt("top", DEFAULT_TOP);
        String token = request.continuationToken();
        try {
            return api.client(request).query(query, top, token).thenApply(page -> {
                ArrayNode body = JsonNodeFactory.instance.arrayNode();
                page.instances().forEach(status -> body.add(StatusJson.of(status, showInput)));
                return Reply.json(200, body).withHeader(TOKEN_HEADER,
                        page.continuationToken() == null ? "" : page.continuationToken());
            });
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("The value of header '" + TOKEN_HEADER + "' is not a continuation token this"
                    + " gateway handed out.");
        }
    }

    /** The instance filters of the query and purge routes: created time range, runtime statuses, ID prefix. */
    static InstanceQuery filter(ApiRequest request) {
        return new InstanceQuery(request.instant("createdTimeFrom"), request.instant("createdTimeTo"),
                request.statuses("runtimeStatus"), request.param("instanceIdPrefix"));
    }
}
