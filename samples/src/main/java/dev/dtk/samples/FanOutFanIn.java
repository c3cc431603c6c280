package dev.dtk.samples;

import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out/fan-in: squares 1..n in parallel (input n, default 10) and returns the sum of the squares.
 */
public final class FanOutFanIn implements Orchestrator {

    public static final String NAME = "FanOutFanIn";
    public static final String SQUARE = "Square";

    @Override
    public Object run(OrchestrationContext ctx) {
        Integer input = ctx.getInput(Integer.class);
        int n = input == null ? 10 : input;
        List<Task<Long>> squares = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            squares.add(ctx.callActivity(SQUARE, i, Long.class));
        }
        return ctx.allOf(squares).await().stream().mapToLong(Long::longValue).sum();
    }
}
