package dev.dtk.client;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The management URLs of an instance (the check-status payload of Durable Functions): on a given
 * gateway base URL, carrying {@code taskHub}, {@code connection} and the caller's key as
 * {@code code}, so that a client can follow them.
 */
public final class ManagementUrls {

    public static final String BASE_PATH = "/runtime/webhooks/durabletask";
    public static final String DEFAULT_TASK_HUB = dev.dtk.topics.Hub.DEFAULT_NAME;
    public static final String DEFAULT_CONNECTION = "Kafka";

    private final String instanceUrl;
    private final String common;

    /**
     * @param baseUrl the gateway as the caller reaches it, e.g. {@code https://dtk.example.com}
     * @param key the caller's key, carried as {@code code}; null: none
     */
    public ManagementUrls(String baseUrl, String instanceId, String taskHub, String connection, String key) {
        this.instanceUrl = stripSlash(baseUrl) + BASE_PATH + "/instances/" + encodePath(instanceId);
        StringBuilder q = new StringBuilder("taskHub=").append(encode(taskHub == null ? DEFAULT_TASK_HUB : taskHub))
                .append("&connection=").append(encode(connection == null ? DEFAULT_CONNECTION : connection));
        if (key != null) {
            q.append("&code=").append(encode(key));
        }
        this.common = q.toString();
    }

    /**
     * The URLs for an instance started by a request to {@code requestUrl}: on {@code gatewayUrl} (null:
     * the request's own scheme, host and port), with the request's {@code taskHub}, {@code connection}
     * and {@code code} query parameters carried over.
     */
    public static ManagementUrls forRequest(URI requestUrl, URI gatewayUrl, String instanceId) {
        return forRequest(requestUrl, gatewayUrl, instanceId, null);
    }

    /** As above, with {@code taskHub} as the hub the URLs carry (null: the request's). */
    public static ManagementUrls forRequest(URI requestUrl, URI gatewayUrl, String instanceId, String taskHub) {
        Map<String, String> query = query(requestUrl.getRawQuery());
        URI base = gatewayUrl != null ? gatewayUrl : requestUrl;
        String origin = base.getScheme() + "://" + base.getRawAuthority()
                + (gatewayUrl != null && gatewayUrl.getRawPath() != null ? gatewayUrl.getRawPath() : "");
        return new ManagementUrls(origin, instanceId, taskHub != null ? taskHub : query.get("taskHub"),
                query.get("connection"), query.get("code"));
    }

    public String statusQueryGetUri() {
        return instanceUrl + "?" + common;
    }

    /** The check-status payload, fields in the order Durable Functions writes them. */
    public ObjectNode payload(String instanceId) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", instanceId);
        node.put("statusQueryGetUri", statusQueryGetUri());
        node.put("sendEventPostUri", instanceUrl + "/raiseEvent/{eventName}?" + common);
        node.put("terminatePostUri", instanceUrl + "/terminate?reason={text}&" + common);
        node.put("purgeHistoryDeleteUri", instanceUrl + "?" + common);
        node.put("restartPostUri", instanceUrl + "/restart?" + common);
        node.put("suspendPostUri", instanceUrl + "/suspend?reason={text}&" + common);
        node.put("resumePostUri", instanceUrl + "/resume?reason={text}&" + common);
        return node;
    }

    /** The 202 answer of a start: the payload, {@code Location} and {@code Retry-After: 10}. */
    public CheckStatusResponse accepted(String instanceId) {
        return new CheckStatusResponse(202, Map.of("Content-Type", "application/json; charset=utf-8",
                "Location", statusQueryGetUri(), "Retry-After", "10"), payload(instanceId));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }
}
