package dev.dtk.http;

/**
 * The failures of {@code callHttp} that are not HTTP answers (4xx and 5xx answers are results). The
 * orchestration catches a {@code TaskFailedException}; its failure details name one of the subclasses
 * as their error type, which {@code FailureDetails.isCausedBy} checks. No stack trace: the message
 * says what happened.
 */
public abstract sealed class DurableHttpException extends RuntimeException permits HttpConnectionException,
        HttpCallTimeoutException, HttpResponseTooLargeException, HttpTokenException, HttpRequestRefusedException {

    protected DurableHttpException(String message) {
        super(message, null, false, false);
    }
}
