package dev.dtk.app;

/**
 * A user's application: the orchestrators and activities it brings. dtk finds apps with
 * {@link java.util.ServiceLoader}, the way JDBC finds drivers: put the class name of your
 * implementation in {@code META-INF/services/dev.dtk.app.DtkApp} inside your jar, then run
 * {@code dtk dev --app your.jar} (or {@code dtk engine --app ...} and {@code dtk worker --app ...}).
 *
 * <pre>{@code
 * public final class HelloApp implements DtkApp {
 *     public void register(AppBuilder app) {
 *         app.orchestrator("HelloApp", ctx -> ...)
 *            .activity("Greet", ctx -> "Hello, " + ctx.getInput(String.class) + "!");
 *     }
 * }
 * }</pre>
 *
 * An implementation needs a public no-argument constructor. Every process that runs the app
 * (engines, workers) calls {@link #register} once at start.
 */
public interface DtkApp {

    /** Registers this app's orchestrators and activities. */
    void register(AppBuilder app);

    /** How messages name this app; the class name by default. */
    default String name() {
        return getClass().getName();
    }
}
