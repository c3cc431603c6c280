package dev.dtk.orchestration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * What went wrong in an activity, a sub-orchestration or an orchestrator: the error's type, its
 * message and its stack trace (may be {@code null}), as Durable Functions reports them.
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

    /** Details for a failure that has no Java exception behind it. */
    public static FailureDetails of(String errorType, String errorMessage) {
        return new FailureDetails(errorType, errorMessage, null);
    }

    /** Whether the failure is an exception of class {@code type} (its error type is the class's name). */
    public boolean isCausedBy(Class<? extends Throwable> type) {
        return type.getName().equals(errorType);
    }
}
