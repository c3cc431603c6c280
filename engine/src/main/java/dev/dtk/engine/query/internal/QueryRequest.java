package dev.dtk.engine.query.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A parsed request to the engine's query endpoint. */
public record QueryRequest(Route route, String instanceId, boolean showOutput, boolean localOnly) {

    public enum Route { HISTORY, ORCHESTRATORS, ENTITIES, NOT_FOUND }

    public static QueryRequest of(String method, URI uri) {
        String path = uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        boolean output = query.contains("showHistoryOutput=true");
        boolean local = query.contains("local=true");
        if (!"GET".equals(method)) {
            return new QueryRequest(Route.NOT_FOUND, null, false, false);
        }
        if (path.equals("/orchestrators")) {
            return new QueryRequest(Route.ORCHESTRATORS, null, false, false);
        }
        if (path.equals("/entities")) {
            return new QueryRequest(Route.ENTITIES, null, false, false);
        }
        if (path.startsWith("/instances/") && path.endsWith("/history")) {
            String raw = path.substring("/instances/".length(), path.length() - "/history".length());
            if (!raw.isEmpty() && !raw.contains("/")) {
                String id = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
                return new QueryRequest(Route.HISTORY, id, output, local);
            }
        }
        return new QueryRequest(Route.NOT_FOUND, null, false, false);
    }

    /** The path to ask the owning engine with: it must answer from its own store. */
    public String pathForOwner() {
        return "/instances/" + URLEncoder.encode(instanceId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/history?local=true&showHistoryOutput=" + showOutput;
    }
}
