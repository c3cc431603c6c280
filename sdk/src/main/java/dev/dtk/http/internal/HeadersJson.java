package dev.dtk.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes headers as Durable Functions does: a name to a string, or to a list when it has several values. */
public final class HeadersJson extends StdSerializer<Map<String, List<String>>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    public HeadersJson() {
        super((Class) Map.class);
    }

    @Override
    public void serialize(Map<String, List<String>> headers, JsonGenerator json, SerializerProvider provider)
            throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            List<String> values = header.getValue();
            if (values.size() == 1) {
                json.writeStringField(header.getKey(), values.getFirst());
            } else {
                json.writeArrayFieldStart(header.getKey());
                for (String value : values) {
                    json.writeString(value);
                }
                json.writeEndArray();
            }
        }
        json.writeEndObject();
    }
}
