package dev.dtk.http;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Where the worker that sends a {@link DurableHttpRequest} gets the OAuth 2.0 access token it adds
 * as {@code Authorization: Bearer ...}. Only this description (its kind and options) is written to
 * history and topics; the token itself is obtained by the worker when it sends the request, cached
 * there until shortly before it expires, and never stored anywhere.
 *
 * <ul>
 *   <li>{@link ManagedIdentityTokenSource}: an Azure managed identity (App Service / Functions, or IMDS);</li>
 *   <li>{@link ClientCredentialsTokenSource}: OAuth 2.0 client credentials whose secret is configured
 *       on the worker;</li>
 *   <li>{@link CustomTokenSource}: a kind of your own, served by a {@link TokenProvider} registered
 *       on the worker under that kind.</li>
 * </ul>
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
        visible = true, defaultImpl = CustomTokenSource.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = ManagedIdentityTokenSource.class, name = ManagedIdentityTokenSource.KIND),
    @JsonSubTypes.Type(value = ClientCredentialsTokenSource.class, name = ClientCredentialsTokenSource.KIND),
})
public sealed interface TokenSource permits ManagedIdentityTokenSource, ClientCredentialsTokenSource,
        CustomTokenSource {

    /** The kind of source, which picks the worker's provider: {@code AzureManagedIdentity}, ... */
    String kind();
}
