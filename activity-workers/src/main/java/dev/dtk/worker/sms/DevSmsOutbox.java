package dev.dtk.worker.sms;

import dev.dtk.sms.SmsSender;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development SMS sender: nothing leaves the machine. Each message is written to a clearly
 * marked log line and kept in memory (the latest few per number) for {@code GET /dev/sms}. Used
 * only by {@code dtk dev} without Twilio settings, never silently in a production start.
 */
public final class DevSmsOutbox implements SmsSender {

    private static final Logger LOG = LoggerFactory.getLogger(DevSmsOutbox.class);
    private static final int PER_NUMBER = 10;
    private static final int NUMBERS = 1_000;

    private final Clock clock;
    private final Map<String, Deque<Sms>> byNumber = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Sms>> eldest) {
            return size() > NUMBERS;
        }
    };

    /** Callers of {@link #latestTo} waiting for a number's first message. */
    private final Map<String, List<CompletableFuture<Sms>>> waiting = new HashMap<>();

    public DevSmsOutbox(Clock clock) {
        this.clock = clock;
    }

    /** A message as the outbox keeps it. */
    public record Sms(String to, String body, Instant sentAt) {
    }

    @Override
    public synchronized void send(String to, String body) {
        LOG.warn("DEV SMS (not sent: no Twilio configured) to {}: {}", to, body);
        Deque<Sms> messages = byNumber.computeIfAbsent(to, n -> new ArrayDeque<>());
        Sms sms = new Sms(to, body, clock.instant());
        messages.addFirst(sms);
        while (messages.size() > PER_NUMBER) {
            messages.removeLast();
        }
        List<CompletableFuture<Sms>> waiters = waiting.remove(to);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(sms));
        }
    }

    /**
     * The newest message to {@code number}: completed at once when there is one, else when the first is
     * sent. Lets a caller wait for a code without polling the outbox.
     */
    public synchronized CompletableFuture<Sms> latestTo(String number) {
        Deque<Sms> messages = byNumber.get(number);
        if (messages != null && !messages.isEmpty()) {
            return CompletableFuture.completedFuture(messages.peekFirst());
        }
        CompletableFuture<Sms> next = new CompletableFuture<>();
        waiting.computeIfAbsent(number, n -> new ArrayList<>()).add(next);
        return next;
    }

    @Override
    public synchronized boolean wasSent(String to, String body, Instant since) {
        return byNumber.getOrDefault(to, new ArrayDeque<>()).stream()
                .anyMatch(sms -> sms.body().equals(body) && !sms.sentAt().isBefore(since));
    }

    /** The latest messages to {@code number}, newest first. */
    public synchronized List<Sms> messagesTo(String number) {
        return List.copyOf(byNumber.getOrDefault(number, new ArrayDeque<>()));
    }

    /** The latest messages to every number, newest first per number. */
    public synchronized Map<String, List<Sms>> all() {
        Map<String, List<Sms>> copy = new LinkedHashMap<>();
        byNumber.forEach((number, messages) -> copy.put(number, new ArrayList<>(messages)));
        return copy;
    }
}
