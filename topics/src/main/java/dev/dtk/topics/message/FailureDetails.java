package dev.dtk.topics.message;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * What went wrong in an activity, a sub-orchestration or an orchestrator: the error's type, its
 * message and its stack trace, as Durable Functions reports them.
 */
public record FailureDetails(String errorType, String errorMessage, String stackTrace) {

    public FailureDetails {
        Objects.requireNonNull(errorType, "errorType");
        errorMessage = errorMessage == null ? "" : errorMessage;
    }

    /** The details of a Java exception, its stack trace included. */
    public static FailureDetails of(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return new FailureDetails(error.getClass().getName(), error.getMessage(), trace.toString());
    }

    /**
     * These details with the message and stack trace cut to {@code maxChars} characters each, so that a
     * failure always fits in a record whatever the exception held.
     */
    public FailureDetails trimmed(int maxChars) {
        String type = errorType.length() > 512 ? errorType.substring(0, 512) : errorType;
        String message = cut(errorMessage, maxChars);
        String trace = cut(stackTrace, maxChars);
        if (type == errorType && message == errorMessage && trace == stackTrace) {
            return this;
        }
        return new FailureDetails(type, message, trace);
    }

    private static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        return text.substring(0, maxChars) + "... [" + (text.length() - maxChars) + " more characters cut]";
    }

    /** Details for a failure that has no Java exception behind it. */
    public static FailureDetails of(String errorType, String errorMessage) {
        return new FailureDetails(errorType, errorMessage, null);
    }
}
