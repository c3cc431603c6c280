package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET .../instances}: statuses matching the filters, in instance ID order, {@code top} per
 * page. The continuation token (request and response header {@code x-ms-continuation-token}) is
 * the last ID of the page, base64url-encoded; it is empty on the last page.
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
        InstanceFilter filter = InstanceFilter.of(request);
        boolean showInput = request.bool("showInput", true);
        int top = request.positiveInt("top", DEFAULT_TOP);
        String after = decodeToken(request.continuationToken());
        ArrayNode page = JsonNodeFactory.instance.arrayNode();
        String[] last = new String[1];
        boolean[] more = new boolean[1];
        api.view().scan(after, filter.prefix(), status -> {
            if (!filter.test(status)) {
                return true;
            }
            if (page.size() == top) {
                more[0] = true;
                return false;
            }
            page.add(StatusJson.of(status, showInput));
            last[0] = status.instanceId();
            return true;
        });
        String token = more[0] ? encodeToken(last[0]) : "";
        return CompletableFuture.completedFuture(Reply.json(200, page).withHeader(TOKEN_HEADER, token));
    }

    static String encodeToken(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("The value of header '" + TOKEN_HEADER + "' is not a continuation token this"
                    + " gateway handed out.");
        }
    }
}
