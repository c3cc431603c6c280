package dev.dtk.topics.message;

/**
 * A record on a dtk topic. Every message carries a format version {@code v}; a reader refuses a
 * version newer than it knows instead of guessing at its meaning.
 */
public interface WireMessage {

    /** The format version this code writes and the newest it reads. */
    int CURRENT_VERSION = 1;

    int v();

    /** The version to store for a message read without one: version 1. */
    static int versionOrDefault(int v) {
        if (v > CURRENT_VERSION) {
            throw new IllegalArgumentException(
                    "message format version " + v + " is newer than this dtk understands ("
                            + CURRENT_VERSION + "); upgrade dtk");
        }
        return v <= 0 ? CURRENT_VERSION : v;
    }
}
