package dev.dtk.engine.streams;

/** An instance's stored state cannot be read (corrupt, or written by an incompatible version). */
final class UnreadableStateException extends RuntimeException {

    UnreadableStateException(String instanceId, Throwable cause) {
        super("the stored state of instance '" + instanceId + "' cannot be read: " + cause.getMessage(), cause);
    }
}
