package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Suspend the instance in the record's key; {@code reason} is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Suspend(int v, String reason) implements Command {

    public Suspend {
        v = WireMessage.versionOrDefault(v);
    }

    public static Suspend because(String reason) {
        return new Suspend(CURRENT_VERSION, reason);
    }
}
