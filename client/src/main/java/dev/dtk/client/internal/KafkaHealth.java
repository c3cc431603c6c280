package dev.dtk.client.internal;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the client reaches Kafka, as its status feed last found (it asks every half second), and
 * why not. While Kafka is unreachable, requests fail at once instead of waiting for timeouts.
 */
public final class KafkaHealth {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);

    private volatile String problem;
    private volatile Instant since = Instant.now();

    public boolean reachable() {
        return problem == null;
    }

    /** Why Kafka is unreachable, or null. */
    public String problem() {
        return problem;
    }

    /** Since when the current state (reachable or not) holds. */
    public Instant since() {
        return since;
    }

    void up() {
        if (problem != null) {
            LOG.info("Kafka answers again (it did not since {})", since);
            problem = null;
            since = Instant.now();
        }
    }

    void down(String why) {
        if (problem == null) {
            LOG.warn("Kafka cannot be reached: {}", why);
            since = Instant.now();
        }
        problem = why;
    }
}
