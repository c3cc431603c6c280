package dev.dtk.samples;

import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Sub-orchestrations: runs {@code n} {@link HelloSequence} children in parallel (input n, default 2),
 * each an instance of its own ({@code <parent>:<generation>:<task>}), and returns their outputs in order.
 */
public final class HelloSubOrchestrations implements Orchestrator {

    public static final String NAME = "HelloSubOrchestrations";

    @Override
    public Object run(OrchestrationContext ctx) {
        Integer input = ctx.getInput(Integer.class);
        int n = input == null ? 2 : input;
        List<Task<Object>> children = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            children.add(ctx.callSubOrchestrator(HelloSequence.NAME, null, Object.class));
        }
        return ctx.allOf(children).await();
    }
}
