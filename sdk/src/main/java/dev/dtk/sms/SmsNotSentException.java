package dev.dtk.sms;

/** The SMS provider did not accept a message; the message says why. */
public final class SmsNotSentException extends RuntimeException {

    public SmsNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
