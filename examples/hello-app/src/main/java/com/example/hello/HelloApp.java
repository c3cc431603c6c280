package com.example.hello;

import dev.dtk.app.AppBuilder;
import dev.dtk.app.DtkApp;
import java.util.ArrayList;
import java.util.List;

/**
 * The app: one orchestration, {@code HelloApp}, that greets every city of its input with the
 * activity {@code Greet}, one after the other, and returns the greetings. dtk finds this class
 * through {@code META-INF/services/dev.dtk.app.DtkApp}.
 */
public final class HelloApp implements DtkApp {

    @Override
    public void register(AppBuilder app) {
        app.orchestrator("HelloApp", ctx -> {
            List<String> greetings = new ArrayList<>();
            for (String city : ctx.getInput(String[].class)) {
                greetings.add(ctx.callActivity("Greet", city, String.class).await());
            }
            return greetings;
        });
        app.activity("Greet", ctx -> "Hello, " + ctx.getInput(String.class) + "!");
    }
}
