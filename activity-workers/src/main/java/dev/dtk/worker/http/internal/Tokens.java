package dev.dtk.worker.http.internal;

import dev.dtk.http.AccessToken;
import dev.dtk.http.ClientCredentialsTokenSource;
import dev.dtk.http.CustomTokenSource;
import dev.dtk.http.DurableHttpException;
import dev.dtk.http.HttpRequestRefusedException;
import dev.dtk.http.HttpTokenException;
import dev.dtk.http.ManagedIdentityTokenSource;
import dev.dtk.http.TokenProvider;
import dev.dtk.http.TokenSource;
import dev.dtk.worker.http.HttpSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The token of any source: built-in kinds by their protocols, others by their registered provider; cached. */
final class Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);

    private final ManagedIdentityTokens managedIdentity;
    private final ClientCredentialsTokens clientCredentials;
    private final HttpSettings settings;
    private final TokenCache cache;

    Tokens(HttpClient client, HttpSettings settings, Clock clock) {
        this.settings = settings;
        this.managedIdentity = new ManagedIdentityTokens(client, settings, clock);
        this.clientCredentials = new ClientCredentialsTokens(client, settings, clock);
        this.cache = new TokenCache(this::fetch, clock);
    }

    /** The token to send for {@code source}; throws {@link DurableHttpException} when there is none. */
    String token(TokenSource source) {
        return cache.token(source);
    }

    private AccessToken fetch(TokenSource source) {
        try {
            AccessToken token = switch (source) {
                case ManagedIdentityTokenSource s -> managedIdentity.token(s);
                case ClientCredentialsTokenSource s -> clientCredentials.token(s);
                case CustomTokenSource s -> custom(s);
            };
            LOG.debug("obtained a token of kind {} valid until {}", source.kind(), token.expiresAt());
            return token;
        } catch (DurableHttpException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpTokenException("interrupted while getting a token of kind " + source.kind());
        } catch (Exception e) {
            throw new HttpTokenException("could not get a token of kind " + source.kind() + ": " + e);
        }
    }

    private AccessToken custom(CustomTokenSource source) throws Exception {
        TokenProvider provider = settings.tokenProviders().get(source.kind());
        if (provider == null) {
            throw new HttpRequestRefusedException("no token provider of kind '" + source.kind() + "' is registered on"
                    + " the HTTP workers; registered kinds: " + settings.tokenProviders().keySet());
        }
        AccessToken token = provider.token(source);
        if (token == null) {
            throw new HttpTokenException("the token provider of kind '" + source.kind() + "' returned no token");
        }
        return token;
    }
}
