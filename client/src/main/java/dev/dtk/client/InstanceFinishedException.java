package dev.dtk.client;

/** The instance has finished (Completed, Failed or Terminated) and takes no more commands of this kind. */
public final class InstanceFinishedException extends DtkClientException {

    public InstanceFinishedException(String message) {
        super(message);
    }
}
