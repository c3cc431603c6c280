package dev.dtk.gateway.internal;

import dev.dtk.client.ClientHealth;
import dev.dtk.client.DtkClient;
import dev.dtk.topics.Hub;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task hubs one gateway serves, each with its own client and dead-letter desk. A request picks
 * its hub with the {@code taskHub} query parameter Durable Functions clients send; without one it
 * goes to the first hub, the gateway's default. Nothing of one hub is reachable through another's.
 */
public final class ServedHubs implements AutoCloseable {

    /** One hub: its client and its dead letters. */
    public record Served(Hub hub, DtkClient client, DeadLetterDesk deadLetters) {
    }

    private final Map<String, Served> byName = new LinkedHashMap<>();
    private final Served fallback;

    /** {@code served} in order; the first is the default hub. */
    public ServedHubs(List<Served> served) {
        if (served.isEmpty()) {
            throw new IllegalArgumentException("a gateway serves at least one hub");
        }
        served.forEach(s -> byName.put(s.hub().name(), s));
        this.fallback = served.get(0);
    }

    /** The hub of {@code request}: its {@code taskHub}, else the default; an unknown hub is a 404 that lists the served ones. */
    public Served of(ApiRequest request) {
        String name = request.param("taskHub");
        if (name == null || name.isEmpty()) {
            return fallback;
        }
        Served served = byName.get(name);
        if (served == null) {
            throw ApiError.notFound("This gateway serves no task hub '" + name + "'; it serves "
                    + String.join(", ", byName.keySet()) + " (taskHub parameter; without it: "
                    + fallback.hub().name() + ").");
        }
        return served;
    }

    /** The default hub's. */
    public Served fallback() {
        return fallback;
    }

    public List<Served> all() {
        return List.copyOf(byName.values());
    }

    /** Ready when every hub's client is; otherwise the first problem, named by its hub when there are several. */
    public ClientHealth health() {
        boolean reachable = true;
        boolean caughtUp = true;
        List<String> problems = new ArrayList<>();
        for (Served served : byName.values()) {
            ClientHealth health = served.client().health();
            reachable &= health.kafkaReachable();
            caughtUp &= health.viewCaughtUp();
            if (health.problem() != null) {
                problems.add(byName.size() == 1 ? health.problem() : served.hub().name() + ": " + health.problem());
            }
        }
        return new ClientHealth(reachable, problems.isEmpty() ? null : String.join("; ", problems), caughtUp);
    }

    @Override
    public void close() {
        for (Served served : byName.values()) {
            served.deadLetters().close();
            served.client().close();
        }
    }
}
