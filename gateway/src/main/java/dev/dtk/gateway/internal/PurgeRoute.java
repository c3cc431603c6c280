package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.Purge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code DELETE .../instances/{id}} and {@code DELETE .../instances?createdTimeFrom=...}: purge
 * finished instances. The engine deletes state, history and timers and tombstones the status; the
 * answer waits (bounded) until this gateway's view no longer holds them, so a GET after the 200 is a 404.
 */
public final class PurgeRoute implements Action {

    private static final Duration POLL = Duration.ofMillis(10);

    private final Api api;
    private final boolean byFilter;

    public PurgeRoute(Api api, boolean byFilter) {
        this.api = api;
        this.byFilter = byFilter;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        return byFilter ? purgeMatching(request) : purgeOne(InstanceIds.validate(path.get("id")));
    }

    private CompletionStage<Reply> purgeOne(String id) {
        return api.view().find(id).thenCompose(found -> {
            InstanceStatus status = found.orElseThrow(() -> StatusRoute.notFound(id));
            if (!status.runtimeStatus().isTerminal()) {
                throw ApiError.conflict("The instance '" + id + "' is " + status.runtimeStatus()
                        + "; only finished instances can be purged (terminate it first).");
            }
            return purge(List.of(id));
        });
    }

    private CompletionStage<Reply> purgeMatching(ApiRequest request) {
        if (request.param("createdTimeFrom") == null || request.param("createdTimeFrom").isEmpty()) {
            throw ApiError.badRequest("Please provide value for 'createdTimeFrom' parameter.");
        }
        InstanceFilter filter = InstanceFilter.of(request);
        return api.view().caughtUp().thenComposeAsync(ok -> {
            List<String> ids = new java.util.ArrayList<>();
            api.view().scan(null, filter.prefix(), status -> {
                if (filter.test(status) && status.runtimeStatus().isTerminal()) {
                    ids.add(status.instanceId());
                }
                return true;
            });
            if (ids.isEmpty()) {
                throw ApiError.notFound("No finished instance matched the filter.");
            }
            return purge(ids);
        }, api.workers());
    }

    private CompletableFuture<Reply> purge(List<String> ids) {
        CompletableFuture<?>[] acks = ids.stream()
                .map(id -> api.sender().command(id, Purge.because("purged through the HTTP API")))
                .toArray(CompletableFuture[]::new);
        long deadline = System.nanoTime() + api.settleTimeout().toNanos();
        return CompletableFuture.allOf(acks)
                .thenCompose(ok -> api.until(() -> ids.stream().allMatch(id -> api.view().local(id).isEmpty()), POLL,
                        deadline))
                .thenApply(gone -> Reply.json(200, JsonNodeFactory.instance.objectNode()
                        .put("instancesDeleted", ids.size())));
    }
}
