package dev.dtk.topics.json;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka serde for one dtk message type, through {@link DtkJson}. A null record value is a tombstone. */
public final class JsonSerde<T> implements Serde<T> {

    private final Class<T> type;

    private JsonSerde(Class<T> type) {
        this.type = Objects.requireNonNull(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(type);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : DtkJson.write(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return DtkJson.mapper().readValue(bytes, type);
            } catch (Exception e) {
                throw new SerializationException(
                        "not a valid " + type.getSimpleName() + " record on " + topic + ": " + rootMessage(e), e);
            }
        };
    }

    /** The deepest message of an error chain: for Jackson, the part that says what was wrong. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int location = message.indexOf("\n at [Source");
        return location < 0 ? message : message.substring(0, location);
    }
}
