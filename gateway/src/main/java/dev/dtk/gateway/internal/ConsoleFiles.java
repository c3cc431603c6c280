package dev.dtk.gateway.internal;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The web console's files, served from the gateway's classpath at {@code /console/}: plain HTML, CSS
 * and JavaScript, no framework, using only the gateway's public HTTP API. They hold no key: the page
 * asks its user for one and presents it as {@code x-functions-key} on every call. A strict content
 * security policy allows no inline script and no other origin.
 */
public final class ConsoleFiles {

    public static final String PATH = "/console";
    private static final String ROOT = "/dev/dtk/gateway/console/";
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> contents;

    private ConsoleFiles(Map<String, byte[]> contents) {
        this.contents = contents;
    }

    public static ConsoleFiles load() {
        Map<String, byte[]> contents = new java.util.HashMap<>();
        for (String name : FILES.keySet()) {
            try (InputStream in = ConsoleFiles.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("the console's " + name + " is missing from the gateway's jar");
                }
                contents.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the console's " + name, e);
            }
        }
        return new ConsoleFiles(Map.copyOf(contents));
    }

    /** Answers a GET of a console path (and returns true); anything else is not for the console. */
    public boolean answers(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (!exchange.getRequestMethod().equalToString("GET") || !path.startsWith(PATH)) {
            return false;
        }
        if (path.equals(PATH)) {
            exchange.setStatusCode(302);
            exchange.getResponseHeaders().put(Headers.LOCATION, PATH + "/");
            exchange.endExchange();
            return true;
        }
        String name = path.equals(PATH + "/") ? "index.html" : path.substring(PATH.length() + 1);
        byte[] body = contents.get(name);
        if (body == null) {
            return false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, FILES.get(name));
        exchange.getResponseHeaders().put(new HttpString("Content-Security-Policy"), POLICY);
        exchange.getResponseHeaders().put(new HttpString("X-Content-Type-Options"), "nosniff");
        exchange.getResponseHeaders().put(new HttpString("Referrer-Policy"), "no-referrer");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
        return true;
    }
}
