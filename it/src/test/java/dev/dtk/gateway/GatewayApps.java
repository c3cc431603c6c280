package dev.dtk.gateway;

import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.samples.HelloSequence;
import dev.dtk.samples.SayHello;
import dev.dtk.activity.ActivityRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/** The orchestrations the gateway tests drive. */
final class GatewayApps {

    static final String HELLO = HelloSequence.NAME;
    static final String WAIT = "WaitForGo";
    static final String FLAKY = "FlakyWork";

    /** While true, the Flaky activity fails. */
    static final AtomicBoolean FAILING = new AtomicBoolean(true);

    private GatewayApps() {
    }

    static OrchestratorRegistry orchestrators() {
        return OrchestratorRegistry.builder()
                .register(HELLO, new HelloSequence())
                .register(WAIT, ctx -> "got " + ctx.waitForExternalEvent("go", String.class).await())
                .register(FLAKY, ctx -> {
                    String first = ctx.callActivity(SayHello.NAME, "first", String.class).await();
                    return first + " / " + ctx.callActivity("Flaky", "second", String.class).await();
                })
                .build();
    }

    static ActivityRegistry activities() {
        return ActivityRegistry.builder()
                .register(SayHello.NAME, new SayHello())
                .register("Flaky", ctx -> {
                    if (FAILING.get()) {
                        throw new IllegalStateException("flaky is failing");
                    }
                    return "flaky ok";
                })
                .build();
    }
}
