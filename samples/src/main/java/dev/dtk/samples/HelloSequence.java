package dev.dtk.samples;

import dev.dtk.orchestration.OrchestrationContext;
import dev.dtk.orchestration.Orchestrator;
import java.util.List;

/** Function chaining: says hello to Tokyo, Seattle and London in turn and returns the three greetings. */
public final class HelloSequence implements Orchestrator {

    public static final String NAME = "HelloSequence";

    @Override
    public Object run(OrchestrationContext ctx) {
        String tokyo = ctx.callActivity(SayHello.NAME, "Tokyo", String.class).await();
        String seattle = ctx.callActivity(SayHello.NAME, "Seattle", String.class).await();
        String london = ctx.callActivity(SayHello.NAME, "London", String.class).await();
        return List.of(tokyo, seattle, london);
    }
}
