package dev.dtk.http;

/**
 * Obtains tokens for {@link CustomTokenSource}s of one kind, on the HTTP workers (queue
 * {@code http}). Register it with {@code AppBuilder.tokenProvider} in your app, or on the worker's
 * {@code HttpSettings}. It is called when a request needs a token that is not cached (or is about
 * to expire), possibly from several threads at once; never log or return the token elsewhere.
 */
public interface TokenProvider {

    /** The kind of {@link CustomTokenSource} this provider serves. */
    String kind();

    /** A token for {@code source}; a thrown exception fails the HTTP call with {@link HttpTokenException}. */
    AccessToken token(CustomTokenSource source) throws Exception;
}
