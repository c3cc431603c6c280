package dev.dtk.worker.sms;

import dev.dtk.sms.SmsNotSentException;
import dev.dtk.sms.SmsSender;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends SMS with the Twilio Java SDK. Logs who got a message, never what it said. */
public final class TwilioSmsSender implements SmsSender {

    private static final Logger LOG = LoggerFactory.getLogger(TwilioSmsSender.class);

    private final TwilioRestClient client;
    private final String from;

    public TwilioSmsSender(TwilioRestClient client, String from) {
        this.client = Objects.requireNonNull(client, "client");
        this.from = Objects.requireNonNull(from, "from");
    }

    /** A sender for the account in {@code settings}, talking to Twilio's API. */
    public static TwilioSmsSender of(TwilioSettings settings) {
        return new TwilioSmsSender(new TwilioRestClient.Builder(settings.accountSid(), settings.authToken()).build(),
                settings.fromNumber());
    }

    @Override
    public void send(String to, String body) {
        try {
            Message message = Message.creator(new PhoneNumber(to), new PhoneNumber(from), body).create(client);
            LOG.info("SMS to {} accepted by Twilio as {}", to, message.getSid());
        } catch (ApiException e) {
            throw new SmsNotSentException("Twilio refused the SMS to " + to + ": " + e.getMessage()
                    + (e.getCode() == null ? "" : " (Twilio error " + e.getCode() + ")"), e);
        }
    }
}
