package dev.dtk.app;

import dev.dtk.activity.Activity;
import dev.dtk.activity.ActivityOptions;
import dev.dtk.activity.ActivityRegistry;
import dev.dtk.entity.AbstractEntity;
import dev.dtk.entity.EntityFunction;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.http.TokenProvider;
import dev.dtk.orchestration.Orchestrator;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.sms.SmsSender;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Everything the apps of one process registered: orchestrators, activities and the queues they run
 * on, entities. A name that two apps both register is refused with a message naming both apps.
 */
public final class AppCatalog {

    private final List<String> apps;
    private final OrchestratorRegistry orchestrators;
    private final ActivityRegistry activities;
    private final EntityRegistry entities;
    private final Map<String, String> routes;
    private final HttpExtensions http;

    /** What the apps registered for the HTTP workers: client customizers, and token providers by kind. */
    public record HttpExtensions(List<HttpClientCustomizer> clientCustomizers,
            Map<String, TokenProvider> tokenProviders) {

        public static final HttpExtensions NONE = new HttpExtensions(List.of(), Map.of());

        public HttpExtensions {
            clientCustomizers = List.copyOf(clientCustomizers);
            tokenProviders = Collections.unmodifiableMap(new TreeMap<>(tokenProviders));
        }
    }

    private AppCatalog(List<String> apps, OrchestratorRegistry orchestrators, ActivityRegistry activities,
            EntityRegistry entities, Map<String, String> routes, HttpExtensions http) {
        this.apps = List.copyOf(apps);
        this.orchestrators = orchestrators;
        this.activities = activities;
        this.entities = entities;
        this.routes = Collections.unmodifiableMap(new TreeMap<>(routes));
        this.http = http;
    }

    /**
     * Lets every app register itself.
     *
     * @param settings what {@link AppBuilder#setting} answers (usually the process environment)
     * @param sms the process's SMS sender, asked for only when an app wants one
     * @throws IllegalArgumentException when two apps register the same name, or one app a bad one
     */
    public static AppCatalog of(List<? extends DtkApp> apps, Map<String, String> settings, Supplier<SmsSender> sms) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sms, "sms");
        Collector collector = new Collector(settings, sms);
        for (DtkApp app : apps) {
            collector.current = describe(app);
            app.register(collector);
        }
        return new AppCatalog(apps.stream().map(AppCatalog::describe).toList(), collector.orchestrators.build(),
                collector.activities.build(), collector.entities.build(), collector.routes,
                new HttpExtensions(collector.httpClients, collector.tokenProviders));
    }

    /**
     * A catalog of registries built by hand (for tests and embedding): {@code routes} sends activities
     * to queues other than the default one.
     */
    public static AppCatalog of(OrchestratorRegistry orchestrators, ActivityRegistry activities,
            Map<String, String> routes) {
        return of(orchestrators, activities, EntityRegistry.empty(), routes);
    }

    /** As {@link #of(OrchestratorRegistry, ActivityRegistry, Map)}, with entities. */
    public static AppCatalog of(OrchestratorRegistry orchestrators, ActivityRegistry activities,
            EntityRegistry entities, Map<String, String> routes) {
        return new AppCatalog(List.of("registries"), orchestrators, activities, entities, routes,
                HttpExtensions.NONE);
    }

    /** The apps, as messages name them. */
    public List<String> apps() {
        return apps;
    }

    public OrchestratorRegistry orchestrators() {
        return orchestrators;
    }

    public ActivityRegistry activities() {
        return activities;
    }

    public EntityRegistry entities() {
        return entities;
    }

    /** Activities that run on a queue other than {@link AppBuilder#DEFAULT_QUEUE}, by name. */
    public Map<String, String> routes() {
        return routes;
    }

    /** What the apps registered for the HTTP workers. */
    public HttpExtensions http() {
        return http;
    }

    /**
     * Every queue the apps' activities run on: the default queue, every routed one, and
     * {@value AppBuilder#HTTP_QUEUE}, where {@code callHttp}'s built-in activity runs.
     */
    public SortedSet<String> queues() {
        SortedSet<String> queues = new TreeSet<>(routes.values());
        queues.add(AppBuilder.DEFAULT_QUEUE);
        queues.add(AppBuilder.HTTP_QUEUE);
        return Collections.unmodifiableSortedSet(queues);
    }

    /** The activities that run on {@code queue}. */
    public SortedSet<String> activitiesOn(String queue) {
        SortedSet<String> names = new TreeSet<>();
        for (String name : activities.names()) {
            if (routes.getOrDefault(name, AppBuilder.DEFAULT_QUEUE).equals(queue)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return "AppCatalog[apps=" + apps + ", orchestrators=" + orchestrators.names() + ", activities="
                + activities.names() + ", entities=" + entities.names() + ", routes=" + routes + "]";
    }

    private static String describe(DtkApp app) {
        CodeSource source = app.getClass().getProtectionDomain().getCodeSource();
        String where = source == null || source.getLocation() == null ? "" : " (" + source.getLocation() + ")";
        return app.name() + where;
    }

    /** The builder handed to each app; remembers which app registered which name. */
    private static final class Collector implements AppBuilder {

        private final Map<String, String> settings;
        private final Supplier<SmsSender> sms;
        private final OrchestratorRegistry.Builder orchestrators = OrchestratorRegistry.builder();
        private final ActivityRegistry.Builder activities = ActivityRegistry.builder();
        private final EntityRegistry.Builder entities = EntityRegistry.builder();
        private final Map<String, String> routes = new TreeMap<>();
        private final Map<String, String> orchestratorOwners = new TreeMap<>();
        private final Map<String, String> activityOwners = new TreeMap<>();
        private final Map<String, String> entityOwners = new TreeMap<>();
        private final List<HttpClientCustomizer> httpClients = new ArrayList<>();
        private final Map<String, TokenProvider> tokenProviders = new TreeMap<>();
        private final Map<String, String> tokenProviderOwners = new TreeMap<>();
        private String current;

        Collector(Map<String, String> settings, Supplier<SmsSender> sms) {
            this.settings = settings;
            this.sms = sms;
        }

        @Override
        public AppBuilder orchestrator(String name, Orchestrator orchestrator) {
            claim(orchestratorOwners, "an orchestrator", name);
            orchestrators.register(name, orchestrator);
            return this;
        }

        @Override
        public AppBuilder activity(String name, Activity activity) {
            return activity(name, DEFAULT_QUEUE, activity);
        }

        @Override
        public AppBuilder activity(String name, String queue, Activity activity) {
            if (queue == null || queue.isBlank()) {
                throw new IllegalArgumentException("the queue of activity '" + name + "' must not be blank");
            }
            return activity(name, ActivityOptions.onQueue(queue), activity);
        }

        @Override
        public AppBuilder activity(String name, ActivityOptions options, Activity activity) {
            claim(activityOwners, "an activity", name);
            activities.register(name, activity, options.getTimeout().orElse(null));
            if (!options.getQueue().equals(DEFAULT_QUEUE)) {
                routes.put(name, options.getQueue());
            }
            return this;
        }

        @Override
        public AppBuilder httpClient(HttpClientCustomizer customizer) {
            httpClients.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        @Override
        public AppBuilder entity(String name, EntityFunction entity) {
            claim(entityOwners, "an entity", name == null ? null : name.toLowerCase(java.util.Locale.ROOT));
            entities.register(name, entity);
            return this;
        }

        @Override
        public AppBuilder tokenProvider(TokenProvider provider) {
            Objects.requireNonNull(provider, "provider");
            String kind = provider.kind();
            if (kind == null || kind.isBlank()) {
                throw new IllegalArgumentException("a token provider needs a kind, got '" + kind + "'");
            }
            claim(tokenProviderOwners, "a token provider of kind", kind);
            if (tokenProviders.containsKey(kind)) {
                throw new IllegalArgumentException("a token provider of kind '" + kind + "' is already registered");
            }
            tokenProviders.put(kind, provider);
            return this;
        }

        @Override
        public AppBuilder entity(String name, Supplier<? extends AbstractEntity<?>> factory) {
            claim(entityOwners, "an entity", name == null ? null : name.toLowerCase(java.util.Locale.ROOT));
            entities.register(name, factory);
            return this;
        }

        @Override
        public Optional<String> setting(String name) {
            return Optional.ofNullable(settings.get(name)).filter(value -> !value.isBlank());
        }

        @Override
        public SmsSender sms() {
            return sms.get();
        }

        private void claim(Map<String, String> owners, String what, String name) {
            String owner = name == null ? null : owners.get(name);
            if (owner != null && !owner.equals(current)) {
                throw new IllegalArgumentException(what + " named '" + name + "' is registered by two apps: "
                        + owner + " and " + current + "; rename one of them");
            }
            if (name != null) {
                owners.put(name, current);
            }
        }
    }
}
