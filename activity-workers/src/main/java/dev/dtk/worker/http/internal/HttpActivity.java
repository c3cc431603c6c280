package dev.dtk.worker.http.internal;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityContext;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.app.AppBuilder;
import dev.dtk.http.DurableHttpRequest;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.topics.Limits;
import dev.dtk.worker.http.HttpSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code callHttp}'s built-in activity ({@value AppBuilder#HTTP_ACTIVITY}): sends the one request its
 * task carries and returns the answer; the orchestration does the polling. One HTTP client per
 * worker, built once (with the customizers' settings) and kept for its connection pool.
 */
public final class HttpActivity implements Activity, AutoCloseable {

    private final HttpClient client;
    private final HttpSender sender;

    public HttpActivity(HttpSettings settings, Limits limits, Clock clock) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.connectTimeout());
        for (HttpClientCustomizer customizer : settings.customizers()) {
            customizer.customizeClient(builder);
        }
        // redirects are followed by HttpSender, which keeps credentials on their origin
        this.client = builder.followRedirects(HttpClient.Redirect.NEVER).build();
        this.sender = new HttpSender(client, settings, new Tokens(client, settings, clock), limits);
    }

    /** {@code registry} with this activity added under {@value AppBuilder#HTTP_ACTIVITY}. */
    public ActivityRegistry addTo(ActivityRegistry registry) {
        ActivityRegistry.Builder all = ActivityRegistry.builder();
        for (String name : registry.names()) {
            all.register(name, registry.find(name).orElseThrow(), registry.timeout(name).orElse(null));
        }
        return all.register(AppBuilder.HTTP_ACTIVITY, this, HttpSender.MAX_EXCHANGE.plus(Duration.ofMinutes(1)))
                .build();
    }

    @Override
    public Object run(ActivityContext ctx) throws Exception {
        DurableHttpRequest request = ctx.getInput(DurableHttpRequest.class);
        if (request == null) {
            throw new IllegalArgumentException("the task of " + AppBuilder.HTTP_ACTIVITY + " carries no request");
        }
        return sender.send(request);
    }

    /** Stops the client at once: the worker has handed back whatever was still in flight. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
