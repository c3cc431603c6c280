package dev.dtk.samples;

import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import java.time.Duration;

/**
 * An eternal orchestration: each generation waits {@code intervalMillis} on a durable timer, adds one
 * through the {@code Increment} activity and continues as new with the new value, so its history
 * never grows. With {@code limit > 0} it completes with the value once it reaches the limit.
 */
public final class EternalCounter implements Orchestrator {

    public static final String NAME = "EternalCounter";
    public static final String INCREMENT = "Increment";

    /** The counter's input and state. */
    public record State(long value, long limit, long intervalMillis) {
    }

    @Override
    public Object run(OrchestrationContext ctx) {
        State state = ctx.getInput(State.class);
        if (state == null) {
            state = new State(0, 0, 1000);
        }
        ctx.setCustomStatus(state.value());
        if (state.limit() > 0 && state.value() >= state.limit()) {
            return state.value();
        }
        if (state.intervalMillis() > 0) {
            ctx.createTimer(Duration.ofMillis(state.intervalMillis())).await();
        }
        long next = ctx.callActivity(INCREMENT, state.value(), Long.class).await();
        ctx.continueAsNew(new State(next, state.limit(), state.intervalMillis()));
        return null;
    }
}
