package dev.dtk.worker.sms;

import dev.dtk.sms.SmsNotSentException;
import dev.dtk.sms.SmsSender;
import com.twilio.base.Page;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.type.PhoneNumber;
import java.time.Instant;
import java.time.ZoneOffset;
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

    /** A sender for the account in {@code settings}, talking to Twilio's API (or the settings' API URL). */
    public static TwilioSmsSender of(TwilioSettings settings) {
        return new TwilioSmsSender(TwilioEndpoint.client(settings.accountSid(), settings.authToken(),
                settings.apiUrl()), settings.fromNumber());
    }

    /**
     * Asks Twilio's message log (messages to {@code to} sent since that day) whether {@code body} is among
     * them; false, with a warning, when Twilio cannot be asked.
     */
    @Override
    public boolean wasSent(String to, String body, Instant since) {
        try {
            Page<Message> page = Message.reader().setTo(new PhoneNumber(to))
                    .setDateSentAfter(since.atZone(ZoneOffset.UTC)).setPageSize(50L).firstPage(client);
            boolean sent = page.getRecords().stream().anyMatch(m -> body.equals(m.getBody()));
            LOG.info("SMS to {}: Twilio's log {} the message this task sent before its worker died", to,
                    sent ? "has" : "does not have");
            return sent;
        } catch (ApiException | ApiConnectionException e) {
            LOG.warn("SMS to {}: cannot ask Twilio whether it was sent already ({}); sending it", to, e.getMessage());
            return false;
        }
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
