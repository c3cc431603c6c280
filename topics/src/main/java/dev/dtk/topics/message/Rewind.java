package dev.dtk.topics.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Rewind the Failed instance in the record's key: its failed activities run again and the
 * orchestration continues from where it failed; history keeps the failures, marked as rewound.
 * A rewind of an instance that is not Failed is ignored.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rewind(int v, String reason) implements Command {

    public Rewind {
        v = WireMessage.versionOrDefault(v);
    }

    public static Rewind because(String reason) {
        return new Rewind(CURRENT_VERSION, reason);
    }
}
