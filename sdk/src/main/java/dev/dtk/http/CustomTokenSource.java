package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;
import java.util.TreeMap;

/**
 * A token source of a kind of your own: the worker hands it to the {@link TokenProvider} registered
 * under {@code kind}. {@code options} are written to history like every description: never put a
 * secret in them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"kind", "options"})
public record CustomTokenSource(String kind, Map<String, String> options) implements TokenSource {

    public CustomTokenSource {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a custom token source needs a kind, the name its provider is"
                    + " registered under on the workers");
        }
        if (kind.equals(ManagedIdentityTokenSource.KIND) || kind.equals(ClientCredentialsTokenSource.KIND)) {
            throw new IllegalArgumentException("'" + kind + "' is a built-in kind; use its own token source class");
        }
        options = options == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public CustomTokenSource(String kind) {
        this(kind, Map.of());
    }
}
