package dev.dtk.topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates dtk's topics with the Kafka AdminClient. Idempotent: existing topics are kept as they are.
 * Refuses to go on when the engine's co-partitioned inputs (commands and activity results) have
 * different partition counts, because then one instance's records would reach different engine tasks.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** Creates what is missing; returns the names of the topics it created. */
    public List<String> ensure(List<TopicSpec> specs) {
        Map<String, Integer> existing = describe(specs);
        checkCoPartitioning(specs, existing);
        Optional<Integer> coPartitions = specs.stream()
                .filter(TopicSpec::coPartitioned)
                .map(s -> existing.get(s.name()))
                .filter(p -> p != null)
                .findFirst();
        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (existing.containsKey(spec.name())) {
                continue;
            }
            int partitions = spec.coPartitioned() ? coPartitions.orElse(spec.partitions()) : spec.partitions();
            Optional<Short> replication = spec.replicationFactor() > 0
                    ? Optional.of(spec.replicationFactor()) : Optional.empty();
            toCreate.add(new NewTopic(spec.name(), Optional.of(partitions), replication).configs(spec.configs()));
        }
        List<String> created = new ArrayList<>();
        for (NewTopic topic : toCreate) {
            try {
                admin.createTopics(List.of(topic)).all().get();
                created.add(topic.name());
                LOG.info("created topic {} ({} partitions)", topic.name(), topic.numPartitions());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + topic.name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topics", e);
            }
        }
        return created;
    }

    private Map<String, Integer> describe(List<TopicSpec> specs) {
        try {
            var listed = admin.listTopics().names().get();
            List<String> present = specs.stream().map(TopicSpec::name).filter(listed::contains).toList();
            Map<String, Integer> partitions = new HashMap<>();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> descriptions = admin.describeTopics(present).allTopicNames().get();
                descriptions.forEach((name, d) -> partitions.put(name, d.partitions().size()));
            }
            return partitions;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    private static void checkCoPartitioning(List<TopicSpec> specs, Map<String, Integer> existing) {
        Map<String, Integer> found = specs.stream()
                .filter(TopicSpec::coPartitioned)
                .filter(s -> existing.containsKey(s.name()))
                .collect(Collectors.toMap(TopicSpec::name, s -> existing.get(s.name())));
        if (found.values().stream().distinct().count() > 1) {
            throw new IllegalStateException("topics " + found.keySet() + " must have the same number of partitions"
                    + " (the engine joins them by instance ID), but have " + found
                    + ". Recreate one of them with the other's partition count.");
        }
    }
}
