package dev.dtk.worker.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DevSmsOutboxTest {

    private final DevSmsOutbox outbox = new DevSmsOutbox(Clock.systemUTC());

    @Test
    void shouldHandAWaitingCallerTheFirstMessageToItsNumberOnly() {
        CompletableFuture<DevSmsOutbox.Sms> waiting = outbox.latestTo("+100");

        outbox.send("+200", "not for you");
        assertThat(waiting).isNotDone();

        outbox.send("+100", "Your verification code is 0274");
        assertThat(waiting).isCompletedWithValueMatching(sms -> sms.body().equals("Your verification code is 0274"));
    }

    @Test
    void shouldAnswerAtOnceWithTheNewestMessageAlreadySent() {
        outbox.send("+100", "first");
        outbox.send("+100", "second");

        assertThat(outbox.latestTo("+100")).isCompletedWithValueMatching(sms -> sms.body().equals("second"));
    }
}
