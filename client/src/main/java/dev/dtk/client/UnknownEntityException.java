package dev.dtk.client;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** No engine has an entity of that name. */
public final class UnknownEntityException extends DtkClientException {

    private final SortedSet<String> registered;

    public UnknownEntityException(String name, Set<String> registered) {
        super("No entity named '" + name + "' is registered. Registered entities: " + new TreeSet<>(registered) + ".");
        this.registered = new TreeSet<>(registered);
    }

    /** The names the engines know, lower case. */
    public SortedSet<String> registered() {
        return registered;
    }
}
