package dev.dtk.http;

/**
 * A {@code callHttp} failure: could not connect to the endpoint, or the connection broke (refused,
 * reset, unknown host, TLS handshake failed). The orchestration sees it as a {@code
 * TaskFailedException} whose {@code FailureDetails.isCausedBy(HttpConnectionException.class)}.
 */
public final class HttpConnectionException extends DurableHttpException {

    public HttpConnectionException(String message) {
        super(message);
    }
}
