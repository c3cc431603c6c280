package dev.dtk.engine.streams;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record leaving the engine: the topic it goes to and its serialized value ({@code null} for a
 * tombstone). One sink node writes them all, choosing the topic per record.
 */
record Outgoing(String topic, byte[] value) {

    static final TopicNameExtractor<String, Outgoing> TOPIC = (key, value, context) -> value.topic();

    static final Serializer<Outgoing> VALUE = (topic, outgoing) -> outgoing.value();
}
