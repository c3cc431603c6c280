package dev.dtk.gateway.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The URLs the gateway hands out for an instance (the check-status payload), on the host the
 * caller used, carrying {@code taskHub}, {@code connection} and the caller's key as {@code code}.
 */
public final class ManagementUrls {

    public static final String BASE_PATH = "/runtime/webhooks/durabletask";
    static final String DEFAULT_TASK_HUB = "dtk";
    static final String DEFAULT_CONNECTION = "Kafka";

    private final String instanceUrl;
    private final String common;

    public ManagementUrls(String baseUrl, String instanceId, String taskHub, String connection, String key) {
        this.instanceUrl = baseUrl + BASE_PATH + "/instances/" + encodePath(instanceId);
        StringBuilder q = new StringBuilder("taskHub=").append(encode(taskHub == null ? DEFAULT_TASK_HUB : taskHub))
                .append("&connection=").append(encode(connection == null ? DEFAULT_CONNECTION : connection));
        if (key != null) {
            q.append("&code=").append(encode(key));
        }
        this.common = q.toString();
    }

    public static ManagementUrls of(ApiRequest request, String instanceId) {
        return new ManagementUrls(request.baseUrl(), instanceId, request.param("taskHub"), request.param("connection"),
                request.key());
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
    public Reply accepted(String instanceId) {
        return Reply.json(202, payload(instanceId)).withHeader("Location", statusQueryGetUri())
                .withHeader("Retry-After", "10");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String encodePath(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
