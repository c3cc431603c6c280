package dev.dtk.entity;

import java.util.Locale;

/**
 * An entity's identity: its name (case-insensitive, kept lower case) and its key. As a string,
 * {@code @name@key}: the key of the entity's records on Kafka, the way Durable Functions writes it.
 * Entity IDs sort by that string, the order in which critical sections take their locks.
 */
public record EntityId(String name, String key) implements Comparable<EntityId> {

    /** The longest entity ID, as a string, accepted (the same bound as instance IDs). */
    public static final int MAX_LENGTH = 256;

    public EntityId {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an entity needs a non-blank name");
        }
        if (name.indexOf('@') >= 0) {
            throw new IllegalArgumentException("the entity name '" + name + "' contains '@'; entity names must not");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("entity '" + name + "' needs a non-empty key");
        }
        name = name.toLowerCase(Locale.ROOT);
        for (String part : new String[] {name, key}) {
            for (int i = 0; i < part.length(); i++) {
                if (Character.isISOControl(part.charAt(i))) {
                    throw new IllegalArgumentException("the entity ID '" + name + "@" + key
                            + "' contains a control character; entity IDs must not");
                }
            }
        }
        if (name.length() + key.length() + 2 > MAX_LENGTH) {
            throw new IllegalArgumentException("the entity ID '@" + name + "@" + key + "' is longer than "
                    + MAX_LENGTH + " characters");
        }
    }

    public static EntityId of(String name, String key) {
        return new EntityId(name, key);
    }

    /** Whether {@code id} is written as an entity ID ({@code @name@key}) rather than an instance ID. */
    public static boolean isEntityId(String id) {
        return id != null && id.startsWith("@");
    }

    /** Reads {@code @name@key}. */
    public static EntityId parse(String id) {
        int second = id == null || !id.startsWith("@") ? -1 : id.indexOf('@', 1);
        if (second < 0) {
            throw new IllegalArgumentException("'" + id + "' is not an entity ID; entity IDs read @name@key");
        }
        return new EntityId(id.substring(1, second), id.substring(second + 1));
    }

    @Override
    public String toString() {
        return "@" + name + "@" + key;
    }

    @Override
    public int compareTo(EntityId other) {
        return toString().compareTo(other.toString());
    }
}
