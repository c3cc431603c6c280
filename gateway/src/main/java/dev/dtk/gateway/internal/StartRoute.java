package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.topics.message.WireMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starting an orchestration ({@code POST .../orchestrators/{name}[/{instanceId}]}), and the start
 * behind restart. The Pending status goes to the status topic before the start command, so that a
 * status GET right after the 202, on any gateway, finds the instance.
 */
public final class StartRoute implements Action {

    /** How often a waiting start looks at the view: the caller's pollingInterval is only an upper bound. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final Api api;

    public StartRoute(Api api) {
        this.api = api;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String name = path.get("name");
        String explicitId = path.get("id");
        String id = explicitId == null ? InstanceIds.random() : InstanceIds.validate(explicitId);
        JsonNode input = Bodies.json(request.body());
        Wait wait = Wait.of(request);
        return checkName(name)
                .thenCompose(ok -> explicitId == null ? CompletableFuture.completedFuture(null) : refuseLive(id))
                .thenCompose(ok -> start(request, name, id, input, wait));
    }

    /** Starts {@code name} as {@code id}; the checks are done. */
    CompletableFuture<Reply> start(ApiRequest request, String name, String id, JsonNode input, Wait wait) {
        Instant now = Instant.now();
        InstanceStatus pending = new InstanceStatus(WireMessage.CURRENT_VERSION, name, id, null, RuntimeStatus.Pending,
                input, null, null, now, now, null);
        StartOrchestration start = new StartOrchestration(WireMessage.CURRENT_VERSION, name, input, null, now);
        ManagementUrls urls = ManagementUrls.of(request, id);
        return api.sender().status(pending)
                .thenCompose(ack -> api.sender().command(id, start))
                .thenComposeAsync(ack -> wait == null ? CompletableFuture.completedFuture(urls.accepted(id))
                        : awaitCompletion(request, id, urls, wait), api.workers());
    }

    /** 409 when {@code id} belongs to a live instance. */
    CompletableFuture<Void> refuseLive(String id) {
        return api.view().fresh(id).thenAccept(status -> status.ifPresent(s -> {
            if (!s.runtimeStatus().isTerminal()) {
                throw ApiError.conflict("An instance with ID '" + id + "' already exists and is " + s.runtimeStatus()
                        + "; terminate it first, wait until it finishes, or use another instance ID.");
            }
        }));
    }

    private CompletableFuture<Void> checkName(String name) {
        return api.engines().orchestratorNames(false).thenCompose(names -> known(names, name)
                ? CompletableFuture.completedFuture(Optional.<Set<String>>empty())
                : api.engines().orchestratorNames(true))
                .thenAccept(fresh -> fresh.ifPresent(names -> {
                    if (!names.contains(name)) {
                        throw ApiError.badRequest("The function '" + name + "' doesn't exist, is disabled, or is not"
                                + " an orchestrator function. Registered orchestrators: " + names + ".");
                    }
                }));
    }

    private static boolean known(Optional<Set<String>> names, String name) {
        return names.isEmpty() || names.get().contains(name);
    }

    private CompletableFuture<Reply> awaitCompletion(ApiRequest request, String id, ManagementUrls urls, Wait wait) {
        long deadline = System.nanoTime() + wait.timeout().toNanos();
        return api.until(() -> api.view().local(id).map(s -> s.runtimeStatus().isTerminal()).orElse(false),
                POLL.compareTo(wait.interval()) < 0 ? POLL : wait.interval(), deadline).thenApplyAsync(done -> {
                    if (!done) {
                        return urls.accepted(id);
                    }
                    InstanceStatus status = api.view().local(id).orElseThrow();
                    if (status.runtimeStatus() == RuntimeStatus.Completed) {
                        return Reply.json(200, status.output() == null
                                ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : status.output());
                    }
                    return StatusRoute.reply(request, status, StatusJson.of(status, true), urls.statusQueryGetUri());
                }, api.workers());
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
