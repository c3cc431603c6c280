package dev.dtk.engine.core;

import dev.dtk.topics.Limits;
import java.util.Objects;

/** What the core holds every step to: where activities go, and how large payloads and histories may be. */
public record StepRules(ActivityRouting routing, Limits limits) {

    public StepRules {
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(limits, "limits");
    }

    public static StepRules of(ActivityRouting routing) {
        return new StepRules(routing, Limits.DEFAULT);
    }
}
