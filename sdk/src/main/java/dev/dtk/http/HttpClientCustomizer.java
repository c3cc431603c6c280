package dev.dtk.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;

/**
 * Adjusts the HTTP client the HTTP workers send {@code callHttp} requests with, as Durable
 * Functions' {@code IDurableHttpMessageHandlerFactory} does: a proxy, the TLS trust store and client
 * certificates ({@link HttpClient.Builder#sslContext}), an authenticator, default headers. Register
 * it with {@code AppBuilder.httpClient} in your app, or on the worker's {@code HttpSettings}.
 * Workers can also be limited to an allow-list of hosts ({@code DTK_HTTP_ALLOWED_HOSTS}).
 */
public interface HttpClientCustomizer {

    /** Called once, when the worker builds its client (connect timeout and redirects are set already). */
    default void customizeClient(HttpClient.Builder client) {
    }

    /**
     * Called for every request the worker sends (polls and redirects included), before the request's
     * own headers and its token are set: add default headers here.
     */
    default void customizeRequest(HttpRequest.Builder request) {
    }
}
