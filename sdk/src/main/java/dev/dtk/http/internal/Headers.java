package dev.dtk.http.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Header maps as requests and responses hold them: a name to one or many values, names compared
 * without regard to case (as HTTP does), in a stable order, immutable.
 */
public final class Headers {

    private Headers() {
    }

    /** An immutable, case-insensitive copy; checks names and values. */
    public static Map<String, List<String>> copyOf(Map<String, ? extends Collection<String>> headers) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                checkName(name);
                List<String> all = new ArrayList<>(copy.getOrDefault(name, List.of()));
                for (String value : values == null ? List.<String>of() : values) {
                    all.add(checkValue(name, value));
                }
                copy.put(name, List.copyOf(all));
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Headers as JSON has them: a name to a string or a list of strings. */
    public static Map<String, List<String>> fromJson(Map<String, Object> json) {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (json != null) {
            json.forEach((name, value) -> headers.put(name, switch (value) {
                case null -> List.of();
                case Collection<?> many -> many.stream().map(String::valueOf).toList();
                default -> List.of(String.valueOf(value));
            }));
        }
        return copyOf(headers);
    }

    /** The first value of header {@code name}. */
    public static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = values(headers, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Every value of header {@code name}, case-insensitively; empty when there is none. */
    public static List<String> values(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return List.of();
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(Headers::isTokenChar)) {
            throw new IllegalArgumentException("invalid header name '" + name + "': use letters, digits and"
                    + " !#$%&'*+-.^_`|~ only");
        }
    }

    private static String checkValue(String name, String value) {
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid value of header '" + name + "': it must be set and hold no"
                    + " line breaks");
        }
        return value;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
