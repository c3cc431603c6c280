package dev.dtk.entity;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The entities an engine can run, by name (compared without case). Immutable once built. */
public final class EntityRegistry {

    private static final EntityRegistry EMPTY = new EntityRegistry(Map.of());

    private final Map<String, EntityFunction> byName;

    private EntityRegistry(Map<String, EntityFunction> byName) {
        this.byName = Collections.unmodifiableMap(new TreeMap<>(byName));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No entities. */
    public static EntityRegistry empty() {
        return EMPTY;
    }

    /** The entity named {@code name} in any case. */
    public Optional<EntityFunction> find(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The registered names, lower case, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    @Override
    public String toString() {
        return "EntityRegistry" + byName.keySet();
    }

    /** Collects entities; a name can be registered once (in any case). */
    public static final class Builder {

        private final Map<String, EntityFunction> byName = new TreeMap<>();

        private Builder() {
        }

        /** Registers an entity written as a function; the operation {@code delete} deletes its state without calling it. */
        public Builder register(String name, EntityFunction entity) {
            Objects.requireNonNull(entity, "entity");
            return add(name, op -> {
                if (op.name().equalsIgnoreCase("delete")) {
                    op.deleteState();
                } else {
                    entity.run(op);
                }
            });
        }

        private Builder add(String name, EntityFunction entity) {
            String key = checkedName(name);
            if (byName.putIfAbsent(key, entity) != null) {
                throw new IllegalArgumentException("an entity named '" + name + "' is already registered (entity"
                        + " names are compared without case)");
            }
            return this;
        }

        /** Registers an entity written as a class; {@code factory} makes a new object for each operation. */
        public Builder register(String name, Supplier<? extends AbstractEntity<?>> factory) {
            Objects.requireNonNull(factory, "factory");
            return add(name, op -> {
                AbstractEntity<?> entity = Objects.requireNonNull(factory.get(), "the factory of entity '" + name
                        + "' returned null");
                entity.dispatch(op);
            });
        }

        public EntityRegistry build() {
            return new EntityRegistry(byName);
        }

        private static String checkedName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("an entity needs a non-blank name");
            }
            if (name.indexOf('@') >= 0 || name.indexOf('/') >= 0) {
                throw new IllegalArgumentException("the entity name '" + name + "' contains '@' or '/'; entity names"
                        + " must not");
            }
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
