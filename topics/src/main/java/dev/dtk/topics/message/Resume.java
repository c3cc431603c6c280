package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Resume the instance in the record's key; {@code reason} is optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resume(int v, String reason) implements Command {

    public Resume {
        v = WireMessage.versionOrDefault(v);
    }

    public static Resume because(String reason) {
        return new Resume(CURRENT_VERSION, reason);
    }
}
