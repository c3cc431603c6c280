package dev.dtk.phone;

import dev.dtk.worker.sms.DevSmsOutbox;
import dev.dtk.sms.SmsSender;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The development outbox, with a gate per number: a message to a gated number is in the outbox at
 * once, but the send does not return (so the activity does not complete) until the gate opens.
 */
final class GatedSmsSender implements SmsSender {

    private final DevSmsOutbox outbox;
    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

    GatedSmsSender(DevSmsOutbox outbox) {
        this.outbox = outbox;
    }

    void close(String number) {
        gates.put(number, new CountDownLatch(1));
    }

    void open(String number) {
        gates.get(number).countDown();
    }

    @Override
    public void send(String to, String body) {
        outbox.send(to, body);
        CountDownLatch gate = gates.get(to);
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the SMS gate was closed", e);
            }
        }
    }
}
