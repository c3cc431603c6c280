package dev.dtk.worker.http.internal;

import dev.dtk.http.HttpRequestRefusedException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** The hosts a platform lets its HTTP workers call: exact names, {@code *.domain} (subdomains) or {@code *}. */
final class HostAllowList {

    private final List<String> patterns;

    HostAllowList(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    void check(URI uri, String what) {
        if (!allows(uri.getHost())) {
            throw new HttpRequestRefusedException(what + " was not sent: host '" + uri.getHost() + "' is not in the"
                    + " HTTP workers' allow-list (DTK_HTTP_ALLOWED_HOSTS=" + String.join(",", patterns) + ")");
        }
    }

    boolean allows(String host) {
        if (patterns.isEmpty()) {
            return true;
        }
        String name = host == null ? "" : host.toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(name)
                    || (pattern.startsWith("*.") && name.endsWith(pattern.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
