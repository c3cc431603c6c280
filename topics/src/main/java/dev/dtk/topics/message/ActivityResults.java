package dev.dtk.topics.message;

import java.util.List;
import java.util.Objects;

/**
 * Results of several tasks of one instance, in the order they ended:
 * {@code {"type":"results","v":1,"results":[{"type":"completed",...},{"type":"failed",...}]}}. The engine
 * applies them in one step, as if they had arrived one after the other.
 */
public record ActivityResults(int v, List<ActivityResult> results) implements ResultRecord {

    public ActivityResults {
        v = WireMessage.versionOrDefault(v);
        Objects.requireNonNull(results, "results");
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a record of results needs at least one result");
        }
        results = List.copyOf(results);
        String instanceId = results.get(0).instanceId();
        for (ActivityResult result : results) {
            if (!result.instanceId().equals(instanceId)) {
                throw new IllegalArgumentException("a record of results holds the results of one instance, but has"
                        + " results of '" + instanceId + "' and '" + result.instanceId() + "'");
            }
        }
    }

    public static ActivityResults of(List<ActivityResult> results) {
        return new ActivityResults(CURRENT_VERSION, results);
    }

    @Override
    public String instanceId() {
        return results.get(0).instanceId();
    }
}
