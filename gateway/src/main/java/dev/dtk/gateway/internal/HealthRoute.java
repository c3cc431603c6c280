package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dtk.client.ClientHealth;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gateway's health, without a key (probes carry none; it tells nothing about instances):
 * {@code /health/live} is 200 while the process runs; {@code /health/ready} and {@code /health} are
 * 200 once Kafka answers and the status view has read the whole status topic, else 503 saying why.
 */
public final class HealthRoute {

    public static final Set<String> PATHS = Set.of("/health", "/health/live", "/health/ready");

    private final Supplier<ClientHealth> health;

    public HealthRoute(Supplier<ClientHealth> health) {
        this.health = health;
    }

    public Reply answer(String path) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (path.equals("/health/live")) {
            return Reply.json(200, body.put("status", "UP"));
        }
        ClientHealth now = health.get();
        body.put("status", now.ready() ? "UP" : "DOWN");
        body.put("kafka", now.kafkaReachable() ? "reachable" : "unreachable");
        body.put("statusView", now.viewCaughtUp() ? "caught up" : "catching up");
        if (!now.ready()) {
            body.put("reason", now.problem() != null ? now.problem()
                    : "the status view is still reading the status topic");
            return Reply.json(503, body).withHeader("Retry-After", "5");
        }
        return Reply.json(200, body);
    }
}
