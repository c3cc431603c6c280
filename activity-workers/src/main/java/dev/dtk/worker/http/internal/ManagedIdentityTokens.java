package dev.dtk.worker.http.internal;

import dev.dtk.http.AccessToken;
import dev.dtk.http.ManagedIdentityTokenSource;
import dev.dtk.worker.http.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Tokens of Azure managed identities, by the two documented protocols: App Service / Functions
 * ({@code IDENTITY_ENDPOINT} with {@code X-IDENTITY-HEADER: <IDENTITY_HEADER>}, api-version
 * 2019-08-01) and the Instance Metadata Service ({@code Metadata: true}, api-version 2018-02-01).
 * The App Service secret goes to the App Service endpoint only; an endpoint named by the token
 * source is asked by the IMDS protocol, without it.
 */
final class ManagedIdentityTokens {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DEFAULT_SUFFIX = "/.default";

    private final HttpClient client;
    private final HttpSettings settings;
    private final Clock clock;

    ManagedIdentityTokens(HttpClient client, HttpSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    AccessToken token(ManagedIdentityTokenSource source) throws IOException, InterruptedException {
        String resource = source.resource().endsWith(DEFAULT_SUFFIX)
                ? source.resource().substring(0, source.resource().length() - DEFAULT_SUFFIX.length())
                : source.resource();
        String clientId = source.clientId() == null ? "" : "&client_id=" + encode(source.clientId());
        URI appService = settings.identityEndpoint().orElse(null);
        HttpRequest.Builder request;
        URI endpoint;
        if (source.endpoint() == null && appService != null) {
            endpoint = appService;
            request = HttpRequest.newBuilder(query(appService, "api-version=2019-08-01&resource=" + encode(resource)
                    + clientId)).header("X-IDENTITY-HEADER", settings.identityHeader().orElseThrow());
        } else {
            endpoint = source.endpoint() != null ? source.endpoint() : settings.imdsEndpoint();
            request = HttpRequest.newBuilder(query(endpoint, "api-version=2018-02-01&resource=" + encode(resource)
                    + clientId)).header("Metadata", "true");
        }
        HttpResponse<String> reply = client.send(request.timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return TokenReply.read(reply, "the managed identity endpoint " + endpoint,
                "resource " + resource + (source.clientId() == null ? "" : " (client ID " + source.clientId() + ")"),
                clock.instant());
    }

    private static URI query(URI endpoint, String query) {
        String text = endpoint.toString();
        return URI.create(text + (endpoint.getRawQuery() == null ? "?" : "&") + query);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
