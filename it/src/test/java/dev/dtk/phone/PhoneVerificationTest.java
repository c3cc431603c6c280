package dev.dtk.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.samples.phone.SmsPhoneVerification;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The seed's phone verification over HTTP, end to end on a real broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneVerificationTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger(100);
    private PhoneVerificationCluster dtk;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dtk = new PhoneVerificationCluster(dir, PhoneVerificationCluster.WINDOW);
    }

    @AfterAll
    void stop() {
        dtk.close();
    }

    private static String newPhoneNumber() {
        return "+1425555" + String.format("%04d", NUMBERS.incrementAndGet());
    }

    private static int wrong(int code) {
        return (code + 1) % 10_000;
    }

    @Test
    void shouldVerifyWhenTheFirstAnswerIsRight() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        assertThat(dtk.answer(started, dtk.awaitCode(phone))).isEqualTo(202);

        JsonNode done = dtk.awaitDone(started);
        assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(done.get("input").asText()).isEqualTo(phone);
        assertThat(done.get("output").asBoolean()).isTrue();
    }

    @Test
    void shouldVerifyAfterThreeWrongAnswers() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        int code = dtk.awaitCode(phone);
        for (int i = 0; i < 3; i++) {
            assertThat(dtk.answer(started, wrong(code))).isEqualTo(202);
        }
        assertThat(dtk.answer(started, code)).isEqualTo(202);
        assertThat(dtk.awaitDone(started).get("output").asBoolean()).isTrue();
    }

    @Test
    void shouldRefuseAfterFourWrongAnswers() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        int code = dtk.awaitCode(phone);
        for (int i = 0; i < 4; i++) {
            dtk.answer(started, wrong(code));
        }
        JsonNode done = dtk.awaitDone(started);
        assertThat(done.get("runtimeStatus").asText()).isEqualTo("Completed");
        assertThat(done.get("output").asBoolean()).isFalse();
    }

    @Test
    void shouldRefuseWhenTheWindowRunsOut() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(PhoneVerificationCluster.SHORT_WINDOW, phone);
        dtk.awaitCode(phone);
        JsonNode done = dtk.awaitDone(started);
        assertThat(done.get("output").asBoolean()).isFalse();
        assertThat(dtk.timers(started.get("id").asText())).isEmpty();
    }

    @Test
    void shouldAnswerGoneToAnAnswerAfterCompletion() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        int code = dtk.awaitCode(phone);
        dtk.answer(started, code);
        dtk.awaitDone(started);
        assertThat(dtk.answer(started, code)).isEqualTo(410);
    }

    @Test
    void shouldKeepAnAnswerRaisedBeforeTheOrchestratorWaits() {
        String phone = newPhoneNumber();
        dtk.sms().close(phone);
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        int code = dtk.awaitCode(phone);
        assertThat(dtk.answer(started, code)).as("answer while the SMS activity still runs").isEqualTo(202);
        await().atMost(PhoneVerificationCluster.TIMEOUT).until(() -> dtk.dtk().engine()
                .localInstance(started.get("id").asText())
                .map(s -> s.history().stream().anyMatch(e -> e instanceof dev.dtk.engine.core.HistoryEvent.EventRaised))
                .orElse(false));
        dtk.sms().open(phone);
        assertThat(dtk.awaitDone(started).get("output").asBoolean()).isTrue();
    }

    @Test
    void shouldFailWithAClearMessageWithoutAPhoneNumber() {
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, "");
        JsonNode done = dtk.awaitDone(started);
        assertThat(done.get("runtimeStatus").asText()).isEqualTo("Failed");
        assertThat(done.get("output").asText()).isEqualTo("A phone number input is required.");
    }

    @Test
    void shouldLeaveNoTimerBehindAfterSuccess() {
        String phone = newPhoneNumber();
        JsonNode started = dtk.start(SmsPhoneVerification.NAME, phone);
        int code = dtk.awaitCode(phone);
        String id = started.get("id").asText();
        dtk.awaitWaiting(id);
        assertThat(dtk.timers(id)).as("the window's timer while waiting").hasSize(1);
        dtk.answer(started, code);
        assertThat(dtk.awaitDone(started).get("output").asBoolean()).isTrue();
        assertThat(dtk.timers(id)).isEmpty();
    }
}
