package dev.dtk.gateway.internal;

import dev.dtk.client.DtkClient;
import dev.dtk.client.InstanceIds;
import dev.dtk.topics.Hub;
import java.util.concurrent.Executor;

/** What the routes share: the hubs served (each with the client that does its work), and the threads to finish replies on. */
public record Api(ServedHubs hubs, Executor workers) {

    /** The client of the hub {@code request} is for ({@code taskHub}, else the default); 404 for a hub not served. */
    public DtkClient client(ApiRequest request) {
        return hubs.of(request).client();
    }

    /** The hub {@code request} is for. */
    public Hub hub(ApiRequest request) {
        return hubs.of(request).hub();
    }

    /** {@code id} when it is a valid instance ID, else a 400 that says what is wrong with it. */
    public static String instanceId(String id) {
        try {
            return InstanceIds.validate(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
