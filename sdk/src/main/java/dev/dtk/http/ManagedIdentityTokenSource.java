package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.net.URI;

/**
 * A token from an Azure managed identity, for {@code resource} (an App ID URI such as
 * {@code https://management.core.windows.net/.default}; a trailing {@code /.default} is dropped, as
 * Azure's identity library does). The worker asks, in this order: the endpoint named here; else the
 * App Service / Functions endpoint of its environment ({@code IDENTITY_ENDPOINT} with the secret
 * {@code IDENTITY_HEADER}, api-version 2019-08-01); else the Azure Instance Metadata Service
 * ({@code http://169.254.169.254/metadata/identity/oauth2/token}, header {@code Metadata: true}).
 * The {@code IDENTITY_HEADER} secret is only ever sent to the environment's {@code IDENTITY_ENDPOINT}.
 *
 * @param resource the resource (audience) of the token
 * @param clientId the client ID of a user-assigned identity; {@code null}: the system-assigned one
 * @param endpoint a token endpoint speaking the IMDS protocol instead of the usual one; usually {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"kind", "resource", "clientId", "endpoint"})
public record ManagedIdentityTokenSource(String resource, String clientId, URI endpoint) implements TokenSource {

    /** The kind, as Durable Functions names it. */
    public static final String KIND = "AzureManagedIdentity";

    public ManagedIdentityTokenSource {
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("a managed identity token source needs a resource, for example"
                    + " https://management.core.windows.net/.default");
        }
        if (clientId != null && clientId.isBlank()) {
            clientId = null;
        }
        if (endpoint != null && (!endpoint.isAbsolute() || !isHttp(endpoint.getScheme()))) {
            throw new IllegalArgumentException("the endpoint of a managed identity token source must be an absolute"
                    + " http(s) URI, got '" + endpoint + "'");
        }
    }

    /** The system-assigned identity's token for {@code resource}. */
    public ManagedIdentityTokenSource(String resource) {
        this(resource, null, null);
    }

    /** A user-assigned identity's token for {@code resource}. */
    public ManagedIdentityTokenSource(String resource, String clientId) {
        this(resource, clientId, null);
    }

    @JsonProperty("kind")
    @Override
    public String kind() {
        return KIND;
    }

    static boolean isHttp(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }
}
