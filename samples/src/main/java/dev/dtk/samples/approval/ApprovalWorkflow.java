package dev.dtk.samples.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.Task;
import java.time.Duration;
import java.util.Objects;

/**
 * Human approval with a deadline: asks for approval ({@code RequestApproval}), then waits up to 72 hours
 * (configurable) for an {@code ApprovalEvent} whose data is a boolean. Returns "approved" or "rejected";
 * when the deadline passes first, calls {@code Escalate} and returns "escalated".
 */
public final class ApprovalWorkflow implements Orchestrator {

    public static final String NAME = "ApprovalWorkflow";
    public static final String EVENT = "ApprovalEvent";
    public static final String REQUEST_APPROVAL = "RequestApproval";
    public static final String ESCALATE = "Escalate";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(72);

    private final Duration timeout;

    public ApprovalWorkflow(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        JsonNode request = ctx.getInput(JsonNode.class);
        ctx.callActivity(REQUEST_APPROVAL, request, Void.class).await();
        Task<Void> deadline = ctx.createTimer(ctx.currentUtcDateTime().plus(timeout));
        Task<Boolean> decision = ctx.waitForExternalEvent(EVENT, Boolean.class);
        if (ctx.anyOf(decision, deadline).await() == decision) {
            deadline.cancel();
            return Boolean.TRUE.equals(decision.await()) ? "approved" : "rejected";
        }
        ctx.callActivity(ESCALATE, request, Void.class).await();
        return "escalated";
    }
}
