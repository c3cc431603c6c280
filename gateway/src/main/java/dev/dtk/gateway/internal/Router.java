package dev.dtk.gateway.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps method and path to an {@link Action}. Patterns are paths whose {@code {name}} segments bind
 * one decoded path segment each. No match (unknown path or wrong method): empty, which is a 404.
 */
public final class Router {

    public record Match(Action action, Map<String, String> params) {
    }

    private record Entry(String method, String raw, List<String> pattern, Action action) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String pattern, Action action) {
        entries.add(new Entry(method, pattern, ApiRequest.segments(pattern), action));
        return this;
    }

    public Optional<Match> find(String method, List<String> segments) {
        for (Entry entry : entries) {
            Map<String, String> params = params(entry, method, segments);
            if (params != null) {
                return Optional.of(new Match(entry.action(), params));
            }
        }
        return Optional.empty();
    }

    /** The pattern a request matches ({@code /runtime/webhooks/durabletask/instances/{id}}), for metrics and spans. */
    public Optional<String> pattern(String method, List<String> segments) {
        return entries.stream().filter(e -> params(e, method, segments) != null).map(Entry::raw).findFirst();
    }

    /** The bound path parameters when {@code entry} matches; null when it does not. */
    private static Map<String, String> params(Entry entry, String method, List<String> segments) {
        if (!entry.method().equalsIgnoreCase(method) || entry.pattern().size() != segments.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String part = entry.pattern().get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                params.put(part.substring(1, part.length() - 1), segments.get(i));
            } else if (!part.equalsIgnoreCase(segments.get(i))) {
                return null;
            }
        }
        return params;
    }
}
