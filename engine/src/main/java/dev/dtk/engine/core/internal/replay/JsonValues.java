package dev.dtk.engine.core.internal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.topics.json.DtkJson;

/** JSON payloads as the types the orchestrator code asks for. */
final class JsonValues {

    private JsonValues() {
    }

    /** {@code json} as {@code type}; {@code what} names the value in the error message. */
    static <T> T convert(JsonNode json, Class<T> type, String what) {
        if (type == Void.class || type == void.class) {
            return null;
        }
        try {
            return DtkJson.fromTree(json, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }
}
