package dev.dtk.sms;

/** Sends a text message. Implementations: {@link TwilioSmsSender} and, for development, {@link DevSmsOutbox}. */
public interface SmsSender {

    /**
     * Sends {@code body} to {@code to} (E.164, e.g. +14255550100). Throws when the message was not
     * accepted, with the provider's reason in the message.
     */
    void send(String to, String body);
}
