package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Terminate the instance in the record's key; {@code reason} is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Terminate(int v, String reason) implements Command {

    public Terminate {
        v = WireMessage.versionOrDefault(v);
    }

    public static Terminate because(String reason) {
        return new Terminate(CURRENT_VERSION, reason);
    }
}
