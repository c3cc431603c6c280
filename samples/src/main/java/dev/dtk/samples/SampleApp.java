package dev.dtk.samples;

import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.worker.ActivityRegistry;
import java.util.Map;

/** The orchestrators and activities of the samples, as one engine and one worker register them. */
public final class SampleApp {

    private SampleApp() {
    }

    public static OrchestratorRegistry.Builder orchestrators() {
        return OrchestratorRegistry.builder()
                .register(HelloSequence.NAME, new HelloSequence())
                .register(FanOutFanIn.NAME, new FanOutFanIn())
                .register(EternalCounter.NAME, new EternalCounter());
    }

    /** Activities that run on a queue of their own instead of the default queue. */
    public static Map<String, String> routes() {
        return Map.of();
    }

    public static ActivityRegistry.Builder activities() {
        return ActivityRegistry.builder()
                .register(SayHello.NAME, new SayHello())
                .register(FanOutFanIn.SQUARE, ctx -> {
                    long i = ctx.getInput(Long.class);
                    return i * i;
                })
                .register(EternalCounter.INCREMENT, ctx -> ctx.getInput(Long.class) + 1);
    }
}
