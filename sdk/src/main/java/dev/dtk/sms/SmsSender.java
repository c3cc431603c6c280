package dev.dtk.sms;

/** Sends a text message. Implementations: {@link TwilioSmsSender} and, for development, {@link DevSmsOutbox}. */
public interface SmsSender {

    /**
     * Sends {@code body} to {@code to} (E.164, e.g. +14255550100). Throws when the message was not
     * accepted, with the provider's reason in the message.
     */
    void send(String to, String body);

    /**
     * Whether this sender knows that exactly {@code body} went to {@code to} at or after {@code since}:
     * an activity that runs again after its worker died (see {@code ActivityContext.checkpoint}) asks
     * before sending the same text once more. False when it cannot tell.
     */
    default boolean wasSent(String to, String body, java.time.Instant since) {
        return false;
    }
}
