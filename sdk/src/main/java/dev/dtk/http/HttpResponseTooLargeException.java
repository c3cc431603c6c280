package dev.dtk.http;

/**
 * A {@code callHttp} failure: the response is larger than the payload limit (DTK_MAX_PAYLOAD_BYTES)
 * allows in history. The orchestration sees it as a {@code TaskFailedException} whose {@code
 * FailureDetails.isCausedBy(HttpResponseTooLargeException.class)}.
 */
public final class HttpResponseTooLargeException extends DurableHttpException {

    public HttpResponseTooLargeException(String message) {
        super(message);
    }
}
