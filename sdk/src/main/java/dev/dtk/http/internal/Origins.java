package dev.dtk.http.internal;

import java.net.URI;
import java.util.Locale;

/** The origin of a URI (scheme, host, port), as browsers compare them before they send credentials. */
public final class Origins {

    private Origins() {
    }

    public static boolean same(URI a, URI b) {
        return of(a).equals(of(b));
    }

    public static String of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** {@code uri} without its query and fragment: safe to show (keys often ride in the query). */
    public static String withoutQuery(URI uri) {
        String text = uri.toString();
        int cut = text.length();
        for (char c : new char[] {'?', '#'}) {
            int at = text.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return text.substring(0, cut);
    }
}
