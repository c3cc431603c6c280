package dev.dtk.gateway.internal;

import dev.dtk.client.DtkClient;
import dev.dtk.client.InstanceIds;
import java.util.concurrent.Executor;

/** What the routes share: the client that does the work, and the threads to finish replies on. */
public record Api(DtkClient client, Executor workers) {

    /** {@code id} when it is a valid instance ID, else a 400 that says what is wrong with it. */
    public static String instanceId(String id) {
        try {
            return InstanceIds.validate(id);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }
}
