package dev.dtk.samples;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityContext;

/** The activity of {@link HelloSequence}: {@code "Tokyo"} becomes {@code "Hello Tokyo!"}. */
public final class SayHello implements Activity {

    public static final String NAME = "SayHello";

    @Override
    public Object run(ActivityContext ctx) {
        return "Hello " + ctx.getInput(String.class) + "!";
    }
}
