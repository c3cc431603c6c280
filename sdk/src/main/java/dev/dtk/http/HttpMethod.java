package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The method of a {@link DurableHttpRequest}: one of the usual ones, or any other token (as
 * {@code System.Net.Http.HttpMethod} in Durable Functions). Written to JSON as its name.
 */
public record HttpMethod(String name) {

    public static final HttpMethod GET = new HttpMethod("GET");
    public static final HttpMethod POST = new HttpMethod("POST");
    public static final HttpMethod PUT = new HttpMethod("PUT");
    public static final HttpMethod PATCH = new HttpMethod("PATCH");
    public static final HttpMethod DELETE = new HttpMethod("DELETE");
    public static final HttpMethod HEAD = new HttpMethod("HEAD");
    public static final HttpMethod OPTIONS = new HttpMethod("OPTIONS");

    public HttpMethod {
        if (name == null || name.isEmpty() || !name.chars().allMatch(HttpMethod::isTokenChar)) {
            throw new IllegalArgumentException("an HTTP method is a token such as GET or POST, got '" + name + "'");
        }
        name = name.toUpperCase(Locale.ROOT);
    }

    /** The method named {@code name}, case-insensitively. */
    @JsonCreator
    public static HttpMethod of(String name) {
        return new HttpMethod(name);
    }

    @JsonValue
    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
