package dev.dtk.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * How many partitions the engine's inputs have, asked once at start: the engine sends a record that
 * arrived on another partition than its key's (a client with another partitioner) on to the right one.
 */
final class InputPartitions {

    private static final List<String> CLIENT_PREFIXES = List.of("main.consumer.", "restore.consumer.",
            "global.consumer.", "consumer.", "producer.");

    private InputPartitions() {
    }

    /**
     * The partition count of the hub's inputs; also warns, on the same connection, when the brokers hold
     * transactions back ({@link TransactionBackoffCheck}).
     */
    static int of(EngineConfig config) {
        String topic = config.hub().commands();
        try (Admin admin = Admin.create(adminSettings(config))) {
            TopicDescription commands = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            TransactionBackoffCheck.warnIfSlow(admin);
            return commands.partitions().size();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot read topic " + topic + " on " + config.bootstrapServers()
                    + ": " + cause + " (create the hub's topics first: dtk topics create --hub "
                    + config.hub().name() + ")", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading topic " + topic, e);
        }
    }

    /** An admin client's settings from the engine's: the shared ones and those prefixed {@code admin.}. */
    static Map<String, Object> adminSettings(EngineConfig config) {
        Map<String, Object> settings = new HashMap<>();
        config.kafka().passThrough().forEach((name, value) -> {
            if (name.startsWith("admin.")) {
                settings.put(name.substring("admin.".length()), value);
            } else if (CLIENT_PREFIXES.stream().noneMatch(name::startsWith)) {
                settings.put(name, value);
            }
        });
        settings.put("bootstrap.servers", config.bootstrapServers());
        return settings;
    }
}
