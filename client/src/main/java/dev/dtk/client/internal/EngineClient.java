package dev.dtk.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.client.DtkUnavailableException;
import dev.dtk.topics.json.DtkJson;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the engines for what only they hold: an instance's history and the registered orchestrator
 * names (cached). Any engine answers for any instance (it forwards to the owner), so the client
 * tries the configured engines in turn until one answers.
 */
public final class EngineClient {

    private static final Logger LOG = LoggerFactory.getLogger(EngineClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<URI> engines;
    private final String secret;
    private final Duration namesTtl;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();
    private final java.util.Map<String, Names> names = new java.util.concurrent.ConcurrentHashMap<>();

    private record Names(Set<String> values, long fetchedAtNanos) {
    }

    /** {@code secret}: what the engines' query endpoints require (sent as a bearer token); null when none. */
    public EngineClient(List<URI> engines, String secret, Duration namesTtl) {
        this.engines = List.copyOf(engines);
        this.secret = secret == null || secret.isBlank() ? null : secret;
        this.namesTtl = namesTtl;
    }

    public boolean configured() {
        return !engines.isEmpty();
    }

    /** The history of an instance in Durable Functions form; empty when no engine knows the instance. */
    public CompletableFuture<Optional<JsonNode>> history(String instanceId, boolean showOutput) {
        String path = "/instances/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/history?showHistoryOutput=" + showOutput;
        return get(path, next.getAndIncrement(), 0).thenApply(r -> r.statusCode() == 404 ? Optional.empty()
                : Optional.of(parse(r.body())));
    }

    /**
     * The registered orchestrator names, empty when no engine is configured or none answers (the
     * gateway then lets the engine judge the name). {@code fresh}: refetch unless fetched very recently.
     */
    public CompletableFuture<Optional<Set<String>>> orchestratorNames(boolean fresh) {
        return names("/orchestrators", "orchestrator", fresh);
    }

    /** The registered entity names (lower case), as {@link #orchestratorNames} tells the orchestrators'. */
    public CompletableFuture<Optional<Set<String>>> entityNames(boolean fresh) {
        return names("/entities", "entity", fresh);
    }

    private CompletableFuture<Optional<Set<String>>> names(String path, String what, boolean fresh) {
        Names cached = names.get(path);
        long age = cached == null ? Long.MAX_VALUE : System.nanoTime() - cached.fetchedAtNanos();
        Duration maxAge = fresh ? Duration.ofMillis(500) : namesTtl;
        if (cached != null && age < maxAge.toNanos()) {
            return CompletableFuture.completedFuture(Optional.of(cached.values()));
        }
        if (engines.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return get(path, next.getAndIncrement(), 0).handle((response, error) -> {
            if (error != null || response.statusCode() != 200) {
                LOG.warn("no engine told the {} names: {}", what, error != null ? error.getMessage()
                        : "status " + response.statusCode());
                return cached == null ? Optional.<Set<String>>empty() : Optional.of(cached.values());
            }
            Set<String> values = new TreeSet<>();
            parse(response.body()).forEach(n -> values.add(n.asText()));
            names.put(path, new Names(Set.copyOf(values), System.nanoTime()));
            return Optional.of(values);
        });
    }

    private static JsonNode parse(String body) {
        return DtkJson.read(body.getBytes(StandardCharsets.UTF_8), JsonNode.class);
    }

    private CompletableFuture<HttpResponse<String>> get(String path, int start, int attempt) {
        if (engines.isEmpty()) {
            return CompletableFuture.failedFuture(new DtkUnavailableException(
                    "No engine URL is configured (DTK_ENGINE_URLS); history comes from the engines."));
        }
        URI engine = engines.get(Math.floorMod(start + attempt, engines.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(engine.resolve(path)).timeout(TIMEOUT).GET();
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error == null && response.statusCode() == 401) {
                return CompletableFuture.<HttpResponse<String>>failedFuture(new DtkUnavailableException(
                        "The engine at " + engine + " refused the query: "
                                + (secret == null ? "it requires a secret; set DTK_ENGINE_QUERY_SECRET to the engines'."
                                        : "wrong secret; DTK_ENGINE_QUERY_SECRET must be the engines' secret.")));
            }
            boolean retry = error != null || response.statusCode() >= 500;
            if (!retry) {
                return CompletableFuture.completedFuture(response);
            }
            String why = error != null ? error.toString() : response.statusCode() + " " + response.body();
            if (attempt + 1 >= engines.size()) {
                return CompletableFuture.<HttpResponse<String>>failedFuture(new DtkUnavailableException(
                        "No engine could answer (last: " + engine + ": " + why + ")."));
            }
            LOG.debug("engine {} could not answer {}: {}; trying the next", engine, path, why);
            return get(path, start, attempt + 1);
        }).thenCompose(f -> f);
    }
}
