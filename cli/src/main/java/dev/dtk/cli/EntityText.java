package dev.dtk.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.entity.EntityId;
import dev.dtk.topics.json.DtkJson;
import java.util.ArrayList;
import java.util.List;

/** Durable entities as text for a terminal, in the shape of {@link InstanceText}'s tables. */
final class EntityText {

    private static final String INDENT = " ".repeat(15);

    private EntityText() {
    }

    /** One row per entry of {@code GET .../entities?fetchState=true}: name, key, last operation, state. */
    static String table(List<JsonNode> entities) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ENTITY", "KEY", "LAST OPERATION (UTC)", "STATE"));
        for (JsonNode e : entities) {
            rows.add(List.of(InstanceText.text(e.path("entityId").get("name")),
                    InstanceText.text(e.path("entityId").get("key")), InstanceText.time(e.get("lastOperationTime")),
                    e.has("state") ? InstanceText.json(e.get("state")) : ""));
        }
        return InstanceText.align(rows);
    }

    /** An entity and its state, the state as indented JSON. */
    static String details(EntityId entity, JsonNode state) {
        StringBuilder out = new StringBuilder();
        InstanceText.line(out, "Entity", entity.toString());
        InstanceText.line(out, "Name", entity.name());
        InstanceText.line(out, "Key", entity.key());
        InstanceText.line(out, "State", pretty(state).replace("\n", "\n" + INDENT));
        return out.toString();
    }

    private static String pretty(JsonNode state) {
        try {
            return DtkJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(state).replace("\r", "");
        } catch (JsonProcessingException e) {
            return InstanceText.json(state);
        }
    }
}
