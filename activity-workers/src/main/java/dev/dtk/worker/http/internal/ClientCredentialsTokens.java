package dev.dtk.worker.http.internal;

import dev.dtk.http.AccessToken;
import dev.dtk.http.ClientCredentialsTokenSource;
import dev.dtk.http.HttpRequestRefusedException;
import dev.dtk.worker.http.HttpSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;

/**
 * Tokens by the OAuth 2.0 client credentials grant, with a credential configured on the worker: the
 * orchestration names the credential, never its secret. A credential pinned to a token URL is sent
 * there and nowhere else.
 */
final class ClientCredentialsTokens {

    private final HttpClient client;
    private final HttpSettings settings;
    private final Clock clock;

    ClientCredentialsTokens(HttpClient client, HttpSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    AccessToken token(ClientCredentialsTokenSource source) throws IOException, InterruptedException {
        HttpSettings.ClientCredential credential = settings.credential(source.credential()).orElseThrow(() ->
                new HttpRequestRefusedException("no credential '" + source.credential() + "' is configured on the"
                        + " HTTP workers: set DTK_HTTP_CREDENTIAL_"
                        + source.credential().toUpperCase(java.util.Locale.ROOT) + "_CLIENT_ID, _CLIENT_SECRET and"
                        + " _TOKEN_URL"));
        if (credential.tokenUrl() != null && !credential.tokenUrl().equals(source.tokenUrl())) {
            throw new HttpRequestRefusedException("credential '" + source.credential() + "' is only sent to "
                    + credential.tokenUrl() + ", but the token source names " + source.tokenUrl());
        }
        String form = "grant_type=client_credentials&client_id=" + ManagedIdentityTokens.encode(credential.clientId())
                + "&client_secret=" + ManagedIdentityTokens.encode(credential.clientSecret())
                + (source.scope() == null ? "" : "&scope=" + ManagedIdentityTokens.encode(source.scope()));
        HttpRequest request = HttpRequest.newBuilder(source.tokenUrl()).timeout(ManagedIdentityTokens.TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> reply = client.send(request, HttpResponse.BodyHandlers.ofString());
        return TokenReply.read(reply, "the token endpoint " + source.tokenUrl(), "credential '" + source.credential()
                + "'" + (source.scope() == null ? "" : " and scope " + source.scope()), clock.instant());
    }
}
