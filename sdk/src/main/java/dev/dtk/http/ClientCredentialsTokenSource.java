package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;

/**
 * A token from an OAuth 2.0 token endpoint by the client credentials grant. The client ID and secret
 * are never part of the orchestration: {@code credential} names a credential configured on the HTTP
 * workers ({@code DTK_HTTP_CREDENTIAL_<NAME>_CLIENT_ID}, {@code ..._CLIENT_SECRET} and, to pin where
 * the secret may be sent, {@code ..._TOKEN_URL}).
 *
 * @param tokenUrl the token endpoint, for example {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token}
 * @param scope the scope asked for, for example {@code api://my-api/.default}; may be {@code null}
 * @param credential the name of the credential configured on the workers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"kind", "tokenUrl", "scope", "credential"})
public record ClientCredentialsTokenSource(URI tokenUrl, String scope, String credential) implements TokenSource {

    public static final String KIND = "OAuth2ClientCredentials";

    public ClientCredentialsTokenSource {
        if (tokenUrl == null || !tokenUrl.isAbsolute() || !ManagedIdentityTokenSource.isHttp(tokenUrl.getScheme())) {
            throw new IllegalArgumentException("a client credentials token source needs the absolute http(s) URL of"
                    + " the token endpoint, got '" + tokenUrl + "'");
        }
        if (credential == null || credential.isBlank()) {
            throw new IllegalArgumentException("a client credentials token source needs the name of a credential"
                    + " configured on the HTTP workers (DTK_HTTP_CREDENTIAL_<NAME>_CLIENT_ID and _CLIENT_SECRET)");
        }
        if (scope != null && scope.isBlank()) {
            scope = null;
        }
    }

    @JsonProperty("kind")
    @Override
    public String kind() {
        return KIND;
    }
}
