package dev.dtk.bench;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.DtkApp;
import java.time.Duration;
import java.time.Instant;

/**
 * The app an engine process runs for {@link TimerProcessBench}: one orchestrator that sets a timer due
 * at the epoch milliseconds given as input and returns, once it fired, how late: the step's time (the
 * engine's clock when it applied the fire) minus the due time, in microseconds. Loaded by the engine
 * with {@code --app} from a folder holding this one class file, so it must stay a single class.
 */
public final class TimerLatenessApp implements DtkApp {

    static final String NAME = "BenchTimerLateness";

    @Override
    public void register(AppBuilder app) {
        app.orchestrator(NAME, ctx -> {
            Instant due = Instant.ofEpochMilli(ctx.getInput(Long.class));
            ctx.createTimer(due).await();
            return Duration.between(due, ctx.currentUtcDateTime()).toNanos() / 1_000;
        });
    }
}
