package dev.dtk.worker.http;

import dev.dtk.app.AppCatalog;
import dev.dtk.http.HttpClientCustomizer;
import dev.dtk.http.TokenProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the HTTP workers (queue {@code http}) send {@code callHttp} requests: time limits, the hosts
 * they may call, where tokens come from, and the hooks of the app or the platform. Immutable; built
 * and checked once by {@link Builder#build()}; {@link #toString()} shows no secret.
 *
 * <p>From the environment ({@link #fromEnvironment}): {@code DTK_HTTP_REQUEST_TIMEOUT_SECONDS}
 * (default 100), {@code DTK_HTTP_CONNECT_TIMEOUT_SECONDS} (10), {@code DTK_HTTP_MAX_REDIRECTS} (10),
 * {@code DTK_HTTP_ALLOWED_HOSTS} (a comma list of hosts and {@code *.domain} patterns; empty: any),
 * the managed identity of Azure App Service / Functions ({@code IDENTITY_ENDPOINT} and
 * {@code IDENTITY_HEADER}), {@code DTK_HTTP_IMDS_ENDPOINT} (default
 * {@value #DEFAULT_IMDS_ENDPOINT}), and client credentials by name:
 * {@code DTK_HTTP_CREDENTIAL_<NAME>_CLIENT_ID}, {@code ..._CLIENT_SECRET} and {@code ..._TOKEN_URL}
 * (the only URL the secret may be sent to; recommended).
 */
public final class HttpSettings {

    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(100);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_REDIRECTS = 10;
    public static final String DEFAULT_IMDS_ENDPOINT = "http://169.254.169.254/metadata/identity/oauth2/token";

    private static final Pattern CREDENTIAL = Pattern.compile("DTK_HTTP_CREDENTIAL_(.+)_CLIENT_ID");

    /** A client credential of the OAuth 2.0 client credentials grant; {@code tokenUrl} may be null. */
    public record ClientCredential(String clientId, String clientSecret, URI tokenUrl) {

        @Override
        public String toString() {
            return "ClientCredential[clientId=" + clientId + ", clientSecret=[redacted], tokenUrl=" + tokenUrl + "]";
        }
    }

    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final int maxRedirects;
    private final List<String> allowedHosts;
    private final URI identityEndpoint;
    private final String identityHeader;
    private final URI imdsEndpoint;
    private final Map<String, ClientCredential> credentials;
    private final Map<String, TokenProvider> tokenProviders;
    private final List<HttpClientCustomizer> customizers;

    private HttpSettings(Builder b) {
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxRedirects = b.maxRedirects;
        this.allowedHosts = List.copyOf(b.allowedHosts);
        this.identityEndpoint = b.identityEndpoint;
        this.identityHeader = b.identityHeader;
        this.imdsEndpoint = b.imdsEndpoint;
        this.credentials = Collections.unmodifiableMap(new TreeMap<>(b.credentials));
        this.tokenProviders = Collections.unmodifiableMap(new TreeMap<>(b.tokenProviders));
        this.customizers = List.copyOf(b.customizers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: no managed identity of App Service, no credentials, any host. */
    public static HttpSettings defaults() {
        return builder().build();
    }

    /** The settings the environment gives (see the class comment); add the app's hooks on the builder. */
    public static Builder fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        number(env, "DTK_HTTP_REQUEST_TIMEOUT_SECONDS").ifPresent(s -> b.requestTimeout(Duration.ofSeconds(s)));
        number(env, "DTK_HTTP_CONNECT_TIMEOUT_SECONDS").ifPresent(s -> b.connectTimeout(Duration.ofSeconds(s)));
        number(env, "DTK_HTTP_MAX_REDIRECTS").ifPresent(n -> b.maxRedirects((int) Math.min(n, Integer.MAX_VALUE)));
        value(env, "DTK_HTTP_ALLOWED_HOSTS").ifPresent(hosts -> b.allowedHosts(List.of(hosts.split(","))));
        value(env, "IDENTITY_ENDPOINT").ifPresent(endpoint -> b.appServiceIdentity(uri("IDENTITY_ENDPOINT", endpoint),
                value(env, "IDENTITY_HEADER").orElseThrow(() -> new IllegalArgumentException(
                        "IDENTITY_ENDPOINT is set but IDENTITY_HEADER is not; App Service sets both"))));
        value(env, "DTK_HTTP_IMDS_ENDPOINT").ifPresent(e -> b.imdsEndpoint(uri("DTK_HTTP_IMDS_ENDPOINT", e)));
        for (String key : new java.util.TreeSet<>(env.keySet())) {
            Matcher m = CREDENTIAL.matcher(key);
            if (m.matches()) {
                String name = m.group(1);
                String prefix = "DTK_HTTP_CREDENTIAL_" + name;
                String secret = value(env, prefix + "_CLIENT_SECRET").orElseThrow(() -> new IllegalArgumentException(
                        key + " is set but " + prefix + "_CLIENT_SECRET is not"));
                b.credential(name, new ClientCredential(env.get(key).trim(), secret,
                        value(env, prefix + "_TOKEN_URL").map(u -> uri(prefix + "_TOKEN_URL", u)).orElse(null)));
            }
        }
        return b;
    }

    /** How long one request may wait for its answer when the call has no timeout of its own. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Redirects (301, 302, 303, 307, 308) followed per request; 0: none, the 3xx is the answer. */
    public int maxRedirects() {
        return maxRedirects;
    }

    /** Host names and {@code *.domain} patterns the workers may call; empty: any. */
    public List<String> allowedHosts() {
        return allowedHosts;
    }

    /** App Service's identity endpoint ({@code IDENTITY_ENDPOINT}), if any. */
    public Optional<URI> identityEndpoint() {
        return Optional.ofNullable(identityEndpoint);
    }

    /** The secret App Service's identity endpoint requires ({@code IDENTITY_HEADER}). */
    public Optional<String> identityHeader() {
        return Optional.ofNullable(identityHeader);
    }

    public URI imdsEndpoint() {
        return imdsEndpoint;
    }

    /** The credential named {@code name}, case-insensitively. */
    public Optional<ClientCredential> credential(String name) {
        return Optional.ofNullable(credentials.get(name.toUpperCase(Locale.ROOT)));
    }

    public Map<String, TokenProvider> tokenProviders() {
        return tokenProviders;
    }

    public List<HttpClientCustomizer> customizers() {
        return customizers;
    }

    @Override
    public String toString() {
        return "HttpSettings{requestTimeout=" + requestTimeout + ", connectTimeout=" + connectTimeout
                + ", maxRedirects=" + maxRedirects + ", allowedHosts=" + (allowedHosts.isEmpty() ? "any" : allowedHosts)
                + ", identityEndpoint=" + identityEndpoint + ", identityHeader="
                + (identityHeader == null ? null : "[redacted]") + ", imdsEndpoint=" + imdsEndpoint
                + ", credentials=" + credentials + ", tokenProviders=" + tokenProviders.keySet() + ", customizers="
                + customizers.size() + "}";
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Optional<Long> number(Map<String, String> env, String name) {
        return value(env, name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
            }
        });
    }

    private static URI uri(String name, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a URL, got '" + value + "'");
        }
    }

    /** Builds {@link HttpSettings}; {@link #build()} names the first bad setting. */
    public static final class Builder {

        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxRedirects = DEFAULT_MAX_REDIRECTS;
        private final List<String> allowedHosts = new ArrayList<>();
        private URI identityEndpoint;
        private String identityHeader;
        private URI imdsEndpoint = URI.create(DEFAULT_IMDS_ENDPOINT);
        private final Map<String, ClientCredential> credentials = new TreeMap<>();
        private final Map<String, TokenProvider> tokenProviders = new TreeMap<>();
        private final List<HttpClientCustomizer> customizers = new ArrayList<>();

        private Builder() {
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder maxRedirects(int value) {
            this.maxRedirects = value;
            return this;
        }

        /** Only these hosts ({@code api.example.com}, {@code *.example.com}) may be called; blanks are ignored. */
        public Builder allowedHosts(List<String> hosts) {
            hosts.stream().map(String::trim).filter(h -> !h.isEmpty()).map(h -> h.toLowerCase(Locale.ROOT))
                    .forEach(allowedHosts::add);
            return this;
        }

        /** The managed identity endpoint of App Service / Functions and its secret header value. */
        public Builder appServiceIdentity(URI endpoint, String header) {
            this.identityEndpoint = endpoint;
            this.identityHeader = header;
            return this;
        }

        /** The Azure Instance Metadata Service token endpoint (to reach it through a proxy, or a fake in tests). */
        public Builder imdsEndpoint(URI endpoint) {
            this.imdsEndpoint = endpoint;
            return this;
        }

        /** A client credential named {@code name} (case-insensitive), for {@code ClientCredentialsTokenSource}. */
        public Builder credential(String name, ClientCredential credential) {
            credentials.put(name.toUpperCase(Locale.ROOT), credential);
            return this;
        }

        public Builder tokenProvider(TokenProvider provider) {
            if (tokenProviders.putIfAbsent(provider.kind(), provider) != null) {
                throw new IllegalArgumentException("two token providers of kind '" + provider.kind() + "'");
            }
            return this;
        }

        public Builder tokenProviders(Map<String, TokenProvider> providers) {
            providers.values().forEach(this::tokenProvider);
            return this;
        }

        /** The customizers and token providers the apps registered ({@code AppBuilder.httpClient}, ...). */
        public Builder apps(AppCatalog.HttpExtensions extensions) {
            return customizers(extensions.clientCustomizers()).tokenProviders(extensions.tokenProviders());
        }

        public Builder customizer(HttpClientCustomizer customizer) {
            customizers.add(customizer);
            return this;
        }

        public Builder customizers(List<HttpClientCustomizer> more) {
            customizers.addAll(more);
            return this;
        }

        public HttpSettings build() {
            positive("requestTimeout (DTK_HTTP_REQUEST_TIMEOUT_SECONDS)", requestTimeout);
            positive("connectTimeout (DTK_HTTP_CONNECT_TIMEOUT_SECONDS)", connectTimeout);
            if (maxRedirects < 0) {
                throw new IllegalArgumentException("maxRedirects (DTK_HTTP_MAX_REDIRECTS) must be 0 or more, got "
                        + maxRedirects);
            }
            httpUrl("IDENTITY_ENDPOINT", identityEndpoint);
            if (identityEndpoint != null && (identityHeader == null || identityHeader.isBlank())) {
                throw new IllegalArgumentException("IDENTITY_HEADER must be set with IDENTITY_ENDPOINT");
            }
            httpUrl("DTK_HTTP_IMDS_ENDPOINT", imdsEndpoint);
            credentials.forEach((name, credential) -> {
                if (credential.clientId() == null || credential.clientId().isBlank()
                        || credential.clientSecret() == null || credential.clientSecret().isBlank()) {
                    throw new IllegalArgumentException("credential '" + name + "' needs a client ID and a client secret"
                            + " (DTK_HTTP_CREDENTIAL_" + name + "_CLIENT_ID and _CLIENT_SECRET)");
                }
                httpUrl("DTK_HTTP_CREDENTIAL_" + name + "_TOKEN_URL", credential.tokenUrl());
            });
            return new HttpSettings(this);
        }

        private static void positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }

        private static void httpUrl(String name, URI value) {
            if (value != null && (!value.isAbsolute() || value.getHost() == null
                    || !("http".equalsIgnoreCase(value.getScheme()) || "https".equalsIgnoreCase(value.getScheme())))) {
                throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got '" + value + "'");
            }
        }
    }
}
