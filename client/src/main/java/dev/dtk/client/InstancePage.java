package dev.dtk.client;

import dev.dtk.topics.message.InstanceStatus;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a query: the statuses, in instance ID order, and the token that continues after
 * them ({@code null} on the last page).
 */
public record InstancePage(List<InstanceStatus> instances, String continuationToken) {

    public InstancePage {
        instances = List.copyOf(instances);
    }

    public boolean hasMore() {
        return continuationToken != null;
    }

    /** The token of a page that ends with {@code lastId}. */
    static String token(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    /** The instance ID a token continues after; null for a blank token. */
    static String after(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + token + "' is not a continuation token dtk handed out.");
        }
    }
}
