package dev.dtk.samples.entities;

import dev.dtk.entity.EntityId;
import dev.dtk.entity.EntityLock;
import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;

/**
 * Moves money between two {@link Account}s inside a critical section: both accounts are locked, so
 * no other operation runs on them between the balance check, the withdrawal and the deposit, and the
 * total never changes however many transfers run at once. Returns whether it moved the money.
 */
public final class Transfer implements Orchestrator {

    public static final String NAME = "Transfer";

    /** What to move: {@code amount} from account {@code from} to account {@code to} (account keys). */
    public record Request(String from, String to, long amount) {
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        Request request = ctx.getInput(Request.class);
        if (request == null || request.from() == null || request.to() == null || request.from().equals(request.to())
                || request.amount() <= 0) {
            throw new IllegalArgumentException("a transfer needs two different accounts and a positive amount, got "
                    + request);
        }
        EntityId from = EntityId.of(Account.NAME, request.from());
        EntityId to = EntityId.of(Account.NAME, request.to());
        try (EntityLock lock = ctx.lockEntities(from, to).await()) {
            long balance = ctx.callEntity(from, "balance", null, Long.class).await();
            if (balance < request.amount()) {
                return false;
            }
            ctx.callEntity(from, "withdraw", request.amount(), Void.class).await();
            ctx.callEntity(to, "deposit", request.amount(), Void.class).await();
            return true;
        }
    }
}
