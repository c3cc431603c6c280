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

    private record Entry(String method, List<String> pattern, Action action) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String pattern, Action action) {
        entries.add(new Entry(method, ApiRequest.segments(pattern), action));
        return this;
    }

    public Optional<Match> find(String method, List<String> segments) {
        for (Entry entry : entries) {
            if (!entry.method().equalsIgnoreCase(method) || entry.pattern().size() != segments.size()) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            boolean matches = true;
            for (int i = 0; i < segments.size() && matches; i++) {
                String part = entry.pattern().get(i);
                if (part.startsWith("{") && part.endsWith("}")) {
                    params.put(part.substring(1, part.length() - 1), segments.get(i));
                } else {
                    matches = part.equalsIgnoreCase(segments.get(i));
                }
            }
            if (matches) {
                return Optional.of(new Match(entry.action(), params));
            }
        }
        return Optional.empty();
    }
}
