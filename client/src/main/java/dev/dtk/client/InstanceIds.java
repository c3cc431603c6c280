package dev.dtk.client;

import java.util.UUID;

/**
 * Instance IDs as Durable Functions allows them (at most 256 characters, not starting with {@code @},
 * without {@code / \\ # ?} or control characters), and the default ID: a random UUID without dashes.
 */
public final class InstanceIds {

    public static final int MAX_LENGTH = 256;

    private InstanceIds() {
    }

    public static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Returns {@code id}, or throws an {@link IllegalArgumentException} that says what is wrong with it. */
    public static String validate(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("The instance ID must not be empty.");
        }
        if (id.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("The instance ID is " + id.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed.");
        }
        if (id.startsWith("@")) {
            throw new IllegalArgumentException("The instance ID '" + id + "' must not start with '@' (reserved for entities).");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\' || c == '#' || c == '?' || Character.isISOControl(c)) {
                throw new IllegalArgumentException("The instance ID '" + printable(id) + "' contains '" + printable(
                        String.valueOf(c)) + "'; instance IDs must not contain '/', '\\', '#', '?' or control"
                        + " characters.");
            }
        }
        return id;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : (char) c));
        return out.toString();
    }
}
