package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Purge the finished (Completed, Failed or Terminated) instance in the record's key: the engine
 * deletes its state and history and writes a tombstone to {@code dtk.instance-status}. A purge of
 * an instance that is still live is ignored; terminate it first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Purge(int v, String reason) implements Command {

    public Purge {
        v = WireMessage.versionOrDefault(v);
    }

    public static Purge because(String reason) {
        return new Purge(CURRENT_VERSION, reason);
    }
}
