package dev.dtk.gateway.internal;

import dev.dtk.client.DtkClientException;
import dev.dtk.client.DtkUnavailableException;
import dev.dtk.client.InstanceFinishedException;
import dev.dtk.client.InstanceNotFoundException;
import dev.dtk.client.InstanceStateConflictException;
import dev.dtk.client.UnknownEntityException;
import dev.dtk.client.UnknownOrchestratorException;

/** A request the gateway refuses, with the status and the message the caller sees. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String error;

    public ApiError(int status, String error, String message) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "Bad Request", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "Not Found", message);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "Conflict", message);
    }

    public static ApiError gone(String message) {
        return new ApiError(410, "Gone", message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "Payload Too Large", message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "Service Unavailable", message);
    }

    /** The HTTP answer to a refusal of the client: what it refused decides the status. */
    public static ApiError of(DtkClientException refused) {
        return switch (refused) {
            case InstanceNotFoundException e -> notFound(e.getMessage());
            case InstanceFinishedException e -> gone(e.getMessage());
            case InstanceStateConflictException e -> conflict(e.getMessage());
            case UnknownOrchestratorException e -> badRequest(e.getMessage());
            case UnknownEntityException e -> badRequest(e.getMessage());
            case DtkUnavailableException e -> unavailable(e.getMessage());
        };
    }

    public int status() {
        return status;
    }

    /** The answer; a 503 says when to try again ({@code Retry-After}), as the polling pattern expects. */
    public Reply reply() {
        Reply reply = Reply.error(status, error, getMessage());
        return status == 503 ? reply.withHeader("Retry-After", "5") : reply;
    }
}
