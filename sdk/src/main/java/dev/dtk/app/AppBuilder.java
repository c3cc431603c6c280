package dev.dtk.app;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityOptions;
import dev.dtk.entity.AbstractEntity;
import dev.dtk.entity.EntityFunction;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.http.TokenProvider;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.sms.SmsSender;
import java.util.Optional;
import java.util.function.Supplier;

/** What a {@link DtkApp} registers itself with. Names are unique across every app of a process. */
public interface AppBuilder {

    /** The queue of activities that were not given one. */
    String DEFAULT_QUEUE = "default";

    /** The queue of {@code callHttp}'s built-in activity: its workers send the orchestrations' HTTP requests. */
    String HTTP_QUEUE = "http";

    /** The name of {@code callHttp}'s built-in activity, as Durable Functions names it; history shows its tasks. */
    String HTTP_ACTIVITY = "BuiltIn::HttpActivity";

    /** Registers an orchestrator under {@code name}, the name clients start it by. */
    AppBuilder orchestrator(String name, Orchestrator orchestrator);

    /** Registers an activity under {@code name}; it runs on the {@value #DEFAULT_QUEUE} queue. */
    AppBuilder activity(String name, Activity activity);

    /**
     * Registers an activity that runs on queue {@code queue} (topic {@code dtk.tasks.<queue>}), so that
     * its workers can be deployed, scaled and secured on their own (as the SMS sample does).
     */
    AppBuilder activity(String name, String queue, Activity activity);

    /** Registers an activity that runs as {@code options} say: on which queue, for how long at most. */
    AppBuilder activity(String name, ActivityOptions options, Activity activity);

    /**
     * Registers an entity written as a function under {@code name} (compared without case), the name
     * clients and orchestrations address it by: {@code EntityId.of(name, key)}.
     */
    AppBuilder entity(String name, EntityFunction entity);

    /** Registers an entity written as a class; {@code factory} makes a new object for each operation. */
    AppBuilder entity(String name, Supplier<? extends AbstractEntity<?>> factory);

    /** A setting of the process running the app (its environment), for example a timeout of the app's own. */
    Optional<String> setting(String name);

    /**
     * The SMS sender of the process: Twilio when the {@code TWILIO_*} settings are present; in
     * {@code dtk dev} without them, a development outbox that sends nothing.
     */
    SmsSender sms();

    /**
     * Adjusts the HTTP client that this process's HTTP workers (queue {@value #HTTP_QUEUE}) send
     * {@code callHttp} requests with: a proxy, TLS trust and client certificates, default headers.
     */
    AppBuilder httpClient(HttpClientCustomizer customizer);

    /** Serves {@code CustomTokenSource}s of {@code provider.kind()} on this process's HTTP workers. */
    AppBuilder tokenProvider(TokenProvider provider);
}
