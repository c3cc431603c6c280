package dev.dtk.cli;

import dev.dtk.samples.phone.SendSmsChallenge;
import dev.dtk.sms.SmsNotSentException;
import dev.dtk.worker.sms.DevSmsOutbox;
import dev.dtk.sms.SmsSender;
import dev.dtk.worker.sms.TwilioSettings;
import dev.dtk.worker.sms.TwilioSmsSender;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which SMS sender a command uses. With all Twilio settings: Twilio. {@code dtk dev} without any:
 * the development outbox. A production worker without them never falls back to the outbox.
 */
final class SmsWiring {

    private static final Logger LOG = LoggerFactory.getLogger(SmsWiring.class);

    private SmsWiring() {
    }

    /** For {@code dtk dev}: Twilio when configured, else {@code outbox}. Partial settings are an error. */
    static SmsSender forDev(Map<String, String> env, DevSmsOutbox outbox) {
        TwilioSettings.Lookup lookup = TwilioSettings.fromEnvironment(env);
        if (lookup.settings().isPresent()) {
            LOG.info("SMS go out through Twilio: {}", lookup.settings().get());
            return TwilioSmsSender.of(lookup.settings().get());
        }
        if (!lookup.noneSet()) {
            throw new IllegalArgumentException(incomplete(lookup));
        }
        LOG.warn("no Twilio settings: SMS are written to the log and to GET /dev/sms instead of being sent");
        return outbox;
    }

    /** For a production worker: Twilio when configured; empty (and why) when not. */
    static Optional<SmsSender> forWorker(Map<String, String> env, String queue) {
        TwilioSettings.Lookup lookup = TwilioSettings.fromEnvironment(env);
        if (lookup.settings().isPresent()) {
            return Optional.of(TwilioSmsSender.of(lookup.settings().get()));
        }
        if (queue.equals(SendSmsChallenge.QUEUE)) {
            throw new IllegalArgumentException("queue '" + queue + "' runs " + SendSmsChallenge.NAME
                    + ", which sends SMS through Twilio, but " + String.join(", ", lookup.missing())
                    + (lookup.missing().size() == 1 ? " is" : " are") + " not set; refusing to register it");
        }
        return Optional.empty();
    }

    /** For a worker: Twilio when configured, else a sender that refuses every message with the reason. */
    static SmsSender forWorkerOrRefusing(Map<String, String> env, String queue) {
        return forWorker(env, queue).orElseGet(() -> (to, body) -> {
            throw new SmsNotSentException("this worker cannot send SMS: " + String.join(", ",
                    TwilioSettings.fromEnvironment(env).missing()) + " not set", null);
        });
    }

    /** For processes that run no activities (engines): asking for a sender is a bug. */
    static SmsSender none() {
        return (to, body) -> {
            throw new IllegalStateException("engines send no SMS; activities run on workers");
        };
    }

    private static String incomplete(TwilioSettings.Lookup lookup) {
        return "Twilio is partly configured: set " + String.join(", ", lookup.missing())
                + " too, or none of " + TwilioSettings.VARIABLES + " to use the development SMS outbox";
    }
}
