package dev.dtk.orchestration;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The orchestrators an engine can run, by name. Immutable once built. */
public final class OrchestratorRegistry {

    private final Map<String, Orchestrator> byName;

    private OrchestratorRegistry(Map<String, Orchestrator> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Orchestrator> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
    }

    /** The registered names, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    @Override
    public String toString() {
        return "OrchestratorRegistry" + byName.keySet();
    }

    /** Collects orchestrators; a name can be registered once. */
    public static final class Builder {

        private final Map<String, Orchestrator> byName = new TreeMap<>();

        private Builder() {
        }

        public Builder register(String name, Orchestrator orchestrator) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an orchestrator needs a non-blank name");
            }
            Objects.requireNonNull(orchestrator, "orchestrator");
            if (byName.putIfAbsent(name, orchestrator) != null) {
                throw new IllegalArgumentException("an orchestrator named '" + name + "' is already registered");
            }
            return this;
        }

        public OrchestratorRegistry build() {
            return new OrchestratorRegistry(byName);
        }
    }
}
