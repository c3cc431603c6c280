package dev.dtk.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Instances and their histories as text for a terminal: aligned tables, times in UTC. The table and cell
 * helpers serve {@link EntityText} too.
 */
final class InstanceText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_CELL = 60;

    private InstanceText() {
    }

    /** One row per status object: ID, name, status, created, last updated. */
    static String table(List<JsonNode> statuses) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE ID", "NAME", "STATUS", "CREATED (UTC)", "UPDATED (UTC)"));
        for (JsonNode s : statuses) {
            rows.add(List.of(text(s.get("instanceId")), text(s.get("name")), text(s.get("runtimeStatus")),
                    time(s.get("createdTime")), time(s.get("lastUpdatedTime"))));
        }
        return align(rows);
    }

    /** A status object as labelled lines; with its history as a table when it has one. */
    static String details(JsonNode s) {
        StringBuilder out = new StringBuilder();
        line(out, "Instance", text(s.get("instanceId")));
        line(out, "Name", text(s.get("name")));
        line(out, "Status", text(s.get("runtimeStatus")));
        line(out, "Created", time(s.get("createdTime")) + " UTC");
        line(out, "Updated", time(s.get("lastUpdatedTime")) + " UTC");
        line(out, "Input", json(s.get("input")));
        line(out, "Output", json(s.get("output")));
        line(out, "Custom status", json(s.get("customStatus")));
        JsonNode failure = s.get("failureDetails");
        if (failure != null && !failure.isNull()) {
            line(out, "Failure", text(failure.get("errorType")) + ": " + text(failure.get("errorMessage")));
        }
        JsonNode history = s.get("historyEvents");
        if (history != null && history.isArray()) {
            out.append('\n').append(history(history));
        }
        return out.toString();
    }

    /** History events: when (from the start), what, which function, how long it took, its result or reason. */
    static String history(JsonNode events) {
        Instant origin = null;
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("AT", "EVENT", "NAME", "TOOK", "DETAIL"));
        for (JsonNode e : events) {
            Instant at = instant(e.get("Timestamp"));
            if (origin == null) {
                origin = at;
            }
            Instant scheduled = instant(e.get("ScheduledTime"));
            String took = scheduled != null && at != null ? millis(Duration.between(scheduled, at)) : "";
            String name = e.hasNonNull("FunctionName") ? e.get("FunctionName").asText()
                    : e.hasNonNull("Name") ? e.get("Name").asText() : "";
            String detail = e.has("Result") ? json(e.get("Result"))
                    : e.hasNonNull("Reason") ? e.get("Reason").asText()
                    : e.hasNonNull("FireAt") ? "fires " + time(e.get("FireAt"))
                    : e.has("Input") ? json(e.get("Input")) : "";
            rows.add(List.of(at == null || origin == null ? "" : "+" + millis(Duration.between(origin, at)),
                    text(e.get("EventType")), name, took, detail));
        }
        return align(rows);
    }

    private static String millis(Duration d) {
        long ms = d.toMillis();
        return ms < 10_000 ? ms + " ms" : String.format("%.1f s", ms / 1000.0);
    }

    static void line(StringBuilder out, String label, String value) {
        out.append(String.format("%-14s %s%n", label, value));
    }

    static String align(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], cut(row.get(i)).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = cut(row.get(i));
                line.append(i == columns - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String cut(String cell) {
        String flat = cell.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= MAX_CELL ? flat : flat.substring(0, MAX_CELL - 3) + "...";
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    static String json(JsonNode node) {
        return node == null || node.isNull() ? "null" : node.toString();
    }

    private static Instant instant(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String time(JsonNode node) {
        Instant at = instant(node);
        return at == null ? text(node) : TIME.format(at);
    }
}
