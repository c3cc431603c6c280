package dev.dtk.topics.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of dtk: ISO-8601 times, unknown fields tolerated (a newer writer may
 * add fields), payloads kept as {@link JsonNode} so that any JSON a user sends round-trips unchanged.
 */
public final class DtkJson {

    /**
     * Jackson's default pool keeps a set of buffers (some 17 KB) per thread, for as long as the thread
     * lives. Orchestration code runs on virtual threads, thousands of them parked at once waiting for
     * their next event: 8,000 parked runs held about 140 MiB of buffers. A shared pool lends them per call.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private DtkJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A Java value as a JSON tree; {@code null} stays {@code null}. */
    public static JsonNode toTree(Object value) {
        return value == null ? null : MAPPER.valueToTree(value);
    }

    /** A JSON tree as a value of {@code type}; a missing or JSON-null tree gives {@code null}. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return null;
        }
        if (type == JsonNode.class) {
            return type.cast(tree);
        }
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot read " + abbreviate(tree.toString()) + " as " + type.getSimpleName() + ": "
                            + e.getOriginalMessage(), e);
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
