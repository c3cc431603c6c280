package dev.dtk.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.worker.sms.TwilioSmsSender;
import dev.dtk.worker.sms.TwilioStub;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The phone verification with SMS through the real Twilio SDK, sent to a local Twilio stub. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwilioPhoneVerificationTest {

    private static final String SID = "AC00000000000000000000000000000042";
    private TwilioStub twilio;
    private PhoneVerificationCluster dtk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        twilio = new TwilioStub();
        dtk = new PhoneVerificationCluster(dir, Duration.ofSeconds(30),
                new TwilioSmsSender(twilio.client(SID, "token"), "+14255550000"));
    }

    @AfterAll
    void stop() {
        dtk.close();
        twilio.close();
    }

    @Test
    void shouldVerifyWithTheCodeTwilioWasAskedToSend() {
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, "+14255550100");
        TwilioStub.Received sms = await().atMost(PhoneVerificationCluster.TIMEOUT).until(() -> twilio.received().stream()
                .filter(r -> "+14255550100".equals(r.form().get("To"))).findFirst().orElse(null), r -> r != null);
        assertThat(sms.path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(sms.form()).containsEntry("From", "+14255550000");
        assertThat(sms.form().get("Body")).matches("Your verification code is \\d{4}");

        int code = Integer.parseInt(sms.form().get("Body").substring("Your verification code is ".length()));
        assertThat(dtk.answer(started, code)).isEqualTo(202);
        assertThat(dtk.awaitDone(started).get("output").asBoolean()).isTrue();
    }

    @Test
    void shouldFailTheOrchestrationWithTwiliosMessageWhenTwilioRefuses() {
        twilio.answer(400, "{\"code\":21211,\"message\":\"The 'To' number +1999 is not a valid phone number.\","
                + "\"status\":400}");
        try {
            JsonNode done = dtk.awaitDone(dtk.start(SmsPhoneVerification.NAME, "+1999"));
            assertThat(done.get("runtimeStatus").asText()).isEqualTo("Failed");
            assertThat(done.get("output").asText())
                    .contains("Task 'E4_SendSmsChallenge'")
                    .contains("Twilio refused the SMS to +1999: The 'To' number +1999 is not a valid phone number."
                            + " (Twilio error 21211)");
        } finally {
            twilio.answer(201, null);
        }
    }

    @Test
    void shouldKeepTheCodeOutOfTheStatus() {
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, "+14255550101");
        await().atMost(PhoneVerificationCluster.TIMEOUT).until(() -> twilio.received().stream()
                .anyMatch(r -> "+14255550101".equals(r.form().get("To"))));
        dtk.awaitWaiting(started.get("id").asText());
        var response = dtk.status(started);
        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode status = PhoneVerificationCluster.json(response.body());
        assertThat(status.get("output").isNull()).as("no output while waiting").isTrue();
        assertThat(status.get("customStatus").isNull()).as("no custom status").isTrue();
        assertThat(response.body()).doesNotContain("verification code");
    }
}
