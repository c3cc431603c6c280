package dev.dtk.http;

/**
 * A {@code callHttp} failure: the worker could not obtain a token from the request's token source. The
 * orchestration sees it as a {@code TaskFailedException} whose {@code
 * FailureDetails.isCausedBy(HttpTokenException.class)}.
 */
public final class HttpTokenException extends DurableHttpException {

    public HttpTokenException(String message) {
        super(message);
    }
}
