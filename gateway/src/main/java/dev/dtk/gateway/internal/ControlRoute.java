package dev.dtk.gateway.internal;

import dev.dtk.topics.message.Command;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.Resume;
import dev.dtk.topics.message.Rewind;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.Suspend;
import dev.dtk.topics.message.Terminate;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST .../instances/{id}/terminate|suspend|resume|rewind?reason=}: 202 when the command is
 * on {@code dtk.commands}; 404 unknown; 410 finished (terminate, suspend, resume); 409 suspend of
 * a Suspended instance, resume of one that is not, rewind of one that is not Failed.
 */
public final class ControlRoute implements Action {

    public enum Kind { TERMINATE, SUSPEND, RESUME, REWIND }

    private final Api api;
    private final Kind kind;

    public ControlRoute(Api api, Kind kind) {
        this.api = api;
        this.kind = kind;
    }

    @Override
    public CompletionStage<Reply> handle(ApiRequest request, Map<String, String> path) {
        String id = InstanceIds.validate(path.get("id"));
        String reason = request.param("reason");
        return api.view().find(id).thenCompose(found -> {
            InstanceStatus status = found.orElseThrow(() -> StatusRoute.notFound(id));
            Command command = check(id, status.runtimeStatus(), reason);
            return api.sender().command(id, command).thenApply(ack -> Reply.empty(202));
        });
    }

    private Command check(String id, RuntimeStatus status, String reason) {
        if (kind == Kind.REWIND) {
            if (status != RuntimeStatus.Failed) {
                throw ApiError.conflict("The instance '" + id + "' is " + status + "; only a Failed instance can be"
                        + " rewound.");
            }
            return Rewind.because(reason);
        }
        if (status.isTerminal()) {
            throw ApiError.gone("The instance '" + id + "' is " + status + "; it cannot be "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + "d.");
        }
        return switch (kind) {
            case TERMINATE -> Terminate.because(reason);
            case SUSPEND -> {
                if (status == RuntimeStatus.Suspended) {
                    throw ApiError.conflict("The instance '" + id + "' is already Suspended.");
                }
                yield Suspend.because(reason);
            }
            case RESUME -> {
                if (status != RuntimeStatus.Suspended) {
                    throw ApiError.conflict("The instance '" + id + "' is " + status + ", not Suspended; there is"
                            + " nothing to resume.");
                }
                yield Resume.because(reason);
            }
            case REWIND -> throw new IllegalStateException("handled above");
        };
    }
}
