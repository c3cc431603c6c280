package dev.dtk.activity;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The activities a worker can run, by name. Immutable once built. */
public final class ActivityRegistry {

    private final Map<String, Activity> activities;
    private final Map<String, Duration> timeouts;

    private ActivityRegistry(Map<String, Activity> activities, Map<String, Duration> timeouts) {
        this.activities = Collections.unmodifiableMap(new TreeMap<>(activities));
        this.timeouts = Map.copyOf(timeouts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Activity> find(String name) {
        return Optional.ofNullable(activities.get(name));
    }

    /** The timeout registered for activity {@code name}, if any (else the worker's default applies). */
    public Optional<Duration> timeout(String name) {
        return Optional.ofNullable(timeouts.get(name));
    }

    /** The registered names, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(activities.keySet()));
    }

    @Override
    public String toString() {
        return "ActivityRegistry" + names();
    }

    public static final class Builder {

        private final Map<String, Activity> activities = new TreeMap<>();
        private final Map<String, Duration> timeouts = new TreeMap<>();

        private Builder() {
        }

        /**
         * Registers {@code activity} under {@code name}.
         *
         * @throws IllegalArgumentException when the name is blank or already registered
         */
        public Builder register(String name, Activity activity) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("activity name must not be blank");
            }
            Objects.requireNonNull(activity, "activity '" + name + "' must not be null");
            if (activities.containsKey(name)) {
                throw new IllegalArgumentException("an activity named '" + name + "' is already registered");
            }
            activities.put(name, activity);
            return this;
        }

        /** Registers {@code activity} under {@code name}, failing its tasks that run longer than {@code timeout}. */
        public Builder register(String name, Activity activity, Duration timeout) {
            register(name, activity);
            if (timeout != null) {
                timeouts.put(name, timeout);
            }
            return this;
        }

        public ActivityRegistry build() {
            return new ActivityRegistry(activities, timeouts);
        }
    }
}
