package dev.dtk.client;

/** Kafka or the engines could not be reached in time; the request may succeed when tried again. */
public final class DtkUnavailableException extends DtkClientException {

    public DtkUnavailableException(String message) {
        super(message);
    }

    public DtkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
