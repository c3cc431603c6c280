package dev.dtk.client;

/**
 * The instance is in a state that does not allow the request: an instance ID that is still in use,
 * suspending a Suspended instance, rewinding one that did not fail, purging one that runs.
 */
public final class InstanceStateConflictException extends DtkClientException {

    public InstanceStateConflictException(String message) {
        super(message);
    }
}
