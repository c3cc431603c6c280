package dev.dtk.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer of a health endpoint: up or down, why not, and a few facts ({@code state: RUNNING}).
 * Answered with 200 when up, else 503, as Kubernetes probes and compose health checks expect.
 */
public record HealthReport(boolean up, String reason, Map<String, String> details) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public HealthReport {
        details = details == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(details));
    }

    public static HealthReport up(Map<String, String> details) {
        return new HealthReport(true, null, details);
    }

    public static HealthReport down(String reason, Map<String, String> details) {
        return new HealthReport(false, reason, details);
    }

    public int httpStatus() {
        return up ? 200 : 503;
    }

    /** {@code {"status":"UP"|"DOWN", ...details, "reason":...}}. */
    public byte[] json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", up ? "UP" : "DOWN");
        details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> node.put(e.getKey(), e.getValue()));
        if (reason != null) {
            node.put("reason", reason);
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
