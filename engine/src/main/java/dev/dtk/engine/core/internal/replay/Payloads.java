package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.Limits;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.FailureDetails;

/** Sizes of payloads as JSON, held to the limits before anything is written. */
public final class Payloads {

    /** The error type of a payload over the limit. */
    public static final String TOO_LARGE_ERROR_TYPE = "PayloadTooLargeException";

    private Payloads() {
    }

    /** The size of {@code json} as JSON bytes; 0 for none. */
    public static long size(JsonNode json) {
        return json == null ? 0 : DtkJson.write(json).length;
    }

    /** Why {@code json} is refused, or null when it fits (or is absent). */
    public static String problem(Limits limits, String what, JsonNode json) {
        return json == null ? null : limits.payloadProblem(what, size(json));
    }

    /** {@code failure} with its message and stack trace cut to {@link Limits#FAILURE_TEXT_CHARS} characters. */
    public static FailureDetails trimmed(FailureDetails failure) {
        return failure == null ? null : failure.trimmed(Limits.FAILURE_TEXT_CHARS);
    }
}
