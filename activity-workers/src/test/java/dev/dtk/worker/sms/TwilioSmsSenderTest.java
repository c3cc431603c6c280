package dev.dtk.worker.sms;

import dev.dtk.sms.SmsNotSentException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioSmsSenderTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "not-a-real-token";
    private final TwilioStub twilio = newStub();

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void shouldSendTheMessageThroughTheTwilioMessagesApi() {
        new TwilioSmsSender(twilio.client(SID, TOKEN), "+14255550000").send("+14255550123",
                "Your verification code is 0042");

        assertThat(twilio.received()).hasSize(1);
        TwilioStub.Received request = twilio.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.form()).containsAllEntriesOf(Map.of(
                "To", "+14255550123", "From", "+14255550000", "Body", "Your verification code is 0042"));
    }

    @Test
    void shouldFailWithTwilioMessageWhenTwilioRefuses() {
        twilio.answer(400, "{\"code\":21211,\"message\":\"The 'To' number +1425 is not a valid phone number.\","
                + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}");
        TwilioSmsSender sender = new TwilioSmsSender(twilio.client(SID, TOKEN), "+14255550000");

        assertThatThrownBy(() -> sender.send("+1425", "Your verification code is 1234"))
                .isInstanceOf(SmsNotSentException.class)
                .hasMessage("Twilio refused the SMS to +1425: The 'To' number +1425 is not a valid phone number."
                        + " (Twilio error 21211)");
    }

    @Test
    void shouldSendToTheApiUrlOfItsSettings() {
        TwilioSettings settings = TwilioSettings.fromEnvironment(Map.of("TWILIO_ACCOUNT_SID", SID,
                "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_PHONE_NUMBER", "+14255550000",
                "TWILIO_API_URL", twilio.url().toString())).settings().orElseThrow();

        TwilioSmsSender.of(settings).send("+14255550123", "Your verification code is 0042");

        assertThat(twilio.received()).singleElement().satisfies(r -> assertThat(r.path())
                .isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json"));
        assertThatThrownBy(() -> TwilioSettings.fromEnvironment(Map.of("TWILIO_ACCOUNT_SID", SID, "TWILIO_AUTH_TOKEN",
                TOKEN, "TWILIO_PHONE_NUMBER", "+14255550000", "TWILIO_API_URL", "localhost:8080")))
                .hasMessage("TWILIO_API_URL must be an http or https URL such as http://127.0.0.1:8080, but was"
                        + " 'localhost:8080'");
    }

    @Test
    void shouldFindAMessageItSentInTwiliosLog() {
        TwilioSmsSender sender = new TwilioSmsSender(twilio.client(SID, TOKEN), "+14255550000");
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        sender.send("+14255550123", "Your verification code is 0042");

        assertThat(sender.wasSent("+14255550123", "Your verification code is 0042", before)).isTrue();
        assertThat(sender.wasSent("+14255550123", "Your verification code is 0043", before)).isFalse();
        assertThat(sender.wasSent("+14255550999", "Your verification code is 0042", before)).isFalse();
        assertThat(twilio.received()).as("sent once").hasSize(1);
    }

    @Test
    void shouldNameTheMissingSettingsAndNeverShowTheToken() {
        TwilioSettings.Lookup partial = TwilioSettings.fromEnvironment(Map.of("TWILIO_ACCOUNT_SID", SID));
        assertThat(partial.settings()).isEmpty();
        assertThat(partial.missing()).containsExactly("TWILIO_AUTH_TOKEN", "TWILIO_PHONE_NUMBER");
        assertThat(partial.noneSet()).isFalse();
        assertThat(TwilioSettings.fromEnvironment(Map.of()).noneSet()).isTrue();

        TwilioSettings full = TwilioSettings.fromEnvironment(Map.of("TWILIO_ACCOUNT_SID", SID,
                "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_PHONE_NUMBER", "+14255550000")).settings().orElseThrow();
        assertThat(full.toString()).doesNotContain(TOKEN).contains("[redacted]");
    }

    private static TwilioStub newStub() {
        try {
            return new TwilioStub();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
