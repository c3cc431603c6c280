package dev.dtk.http;

/**
 * A {@code callHttp} failure: the worker refused to send the request (a host outside its allow-list, a
 * credential it does not have). The orchestration sees it as a {@code TaskFailedException} whose
 * {@code FailureDetails.isCausedBy(HttpRequestRefusedException.class)}.
 */
public final class HttpRequestRefusedException extends DurableHttpException {

    public HttpRequestRefusedException(String message) {
        super(message);
    }
}
