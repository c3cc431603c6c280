package dev.dtk.client;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** No engine has an orchestrator of that name. */
public final class UnknownOrchestratorException extends DtkClientException {

    private final SortedSet<String> registered;

    public UnknownOrchestratorException(String name, Set<String> registered) {
        super("The function '" + name + "' doesn't exist, is disabled, or is not an orchestrator function."
                + " Registered orchestrators: " + new TreeSet<>(registered) + ".");
        this.registered = new TreeSet<>(registered);
    }

    /** The names the engines know. */
    public SortedSet<String> registered() {
        return registered;
    }
}
