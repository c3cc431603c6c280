package dev.dtk.cli;

import dev.dtk.app.AppCatalog;
import dev.dtk.samples.SampleApp;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dtk.worker.sms.DevSmsOutbox;
import dev.dtk.worker.sms.TwilioSmsSender;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmsWiringTest {

    private static final Map<String, String> TWILIO = Map.of("TWILIO_ACCOUNT_SID", "AC1",
            "TWILIO_AUTH_TOKEN", "secret", "TWILIO_PHONE_NUMBER", "+14255550000");
    private final DevSmsOutbox outbox = new DevSmsOutbox(Clock.systemUTC());

    @Test
    void shouldUseTheDevelopmentOutboxInDevWithoutTwilioSettings() {
        assertThat(SmsWiring.forDev(Map.of(), outbox)).isSameAs(outbox);
    }

    @Test
    void shouldUseTwilioWhenConfigured() {
        assertThat(SmsWiring.forDev(TWILIO, outbox)).isInstanceOf(TwilioSmsSender.class);
        assertThat(SmsWiring.forWorker(TWILIO, "sms")).containsInstanceOf(TwilioSmsSender.class);
    }

    @Test
    void shouldRefuseHalfAConfiguration() {
        assertThatThrownBy(() -> SmsWiring.forDev(Map.of("TWILIO_ACCOUNT_SID", "AC1"), outbox))
                .hasMessage("Twilio is partly configured: set TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER too, or none of"
                        + " [TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER] to use the development SMS outbox");
    }

    @Test
    void shouldRefuseTheSmsQueueInAProductionWorkerWithoutTwilio() {
        assertThatThrownBy(() -> SmsWiring.forWorker(Map.of("TWILIO_AUTH_TOKEN", "x"), "sms"))
                .hasMessage("queue 'sms' runs E4_SendSmsChallenge, which sends SMS through Twilio, but"
                        + " TWILIO_ACCOUNT_SID, TWILIO_PHONE_NUMBER are not set; refusing to register it");
    }

    @Test
    void shouldLeaveTheSmsActivityOutOfOtherQueuesWithoutTwilio() {
        assertThat(SmsWiring.forWorker(Map.of(), "default")).isEmpty();
    }

    @Test
    void shouldReadTheWindowsFromTheEnvironment() {
        assertThat(samples(Map.of("DTK_SMS_WINDOW_SECONDS", "30")).orchestrators().names())
                .contains("E4_SmsPhoneVerification", "ApprovalWorkflow");
        assertThatThrownBy(() -> samples(Map.of("DTK_SMS_WINDOW_SECONDS", "soon")))
                .hasMessage("DTK_SMS_WINDOW_SECONDS must be a positive whole number, got 'soon'");
    }

    private static AppCatalog samples(Map<String, String> env) {
        return AppCatalog.of(List.of(new SampleApp()), env, SmsWiring::none);
    }
}
