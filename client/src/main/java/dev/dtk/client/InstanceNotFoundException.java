package dev.dtk.client;

/** No instance with that ID exists (never started, or purged). */
public final class InstanceNotFoundException extends DtkClientException {

    private final String instanceId;

    public InstanceNotFoundException(String instanceId) {
        super("No instance with ID '" + instanceId + "' was found.");
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }
}
