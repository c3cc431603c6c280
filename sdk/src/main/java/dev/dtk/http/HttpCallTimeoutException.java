package dev.dtk.http;

/**
 * A {@code callHttp} failure: the call's timeout (polls included) passed, or one request got no
 * response within the worker's request timeout. The orchestration sees it as a {@code
 * TaskFailedException} whose {@code FailureDetails.isCausedBy(HttpCallTimeoutException.class)}.
 */
public final class HttpCallTimeoutException extends DurableHttpException {

    public HttpCallTimeoutException(String message) {
        super(message);
    }
}
