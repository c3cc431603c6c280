package dev.dtk.bench.chaos;

import dev.dtk.client.DtkClient;
import dev.dtk.topics.KafkaSettings;
import dev.dtk.topics.message.InstanceStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest status of every instance, as readers of {@code dtk.instance-status} see it: from a
 * {@link DtkClient}'s status view (read_committed), as a service following its instances would.
 */
final class StatusFeed implements AutoCloseable {

    private final DtkClient client;
    private final Map<String, InstanceStatus> latest = new ConcurrentHashMap<>();

    StatusFeed(String bootstrapServers, Path folder) {
        client = DtkClient.builder().kafka(KafkaSettings.of(bootstrapServers)).stateDir(folder).build();
        client.onStatus((id, status) -> status.ifPresentOrElse(s -> latest.put(id, s), () -> latest.remove(id)));
    }

    Optional<InstanceStatus> status(String instanceId) {
        return Optional.ofNullable(latest.get(instanceId));
    }

    boolean finished(String instanceId) {
        InstanceStatus status = latest.get(instanceId);
        return status != null && status.runtimeStatus().isTerminal();
    }

    @Override
    public void close() {
        client.close();
    }
}
