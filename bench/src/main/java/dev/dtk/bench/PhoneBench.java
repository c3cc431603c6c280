package dev.dtk.bench;

import dev.dtk.engine.core.HistoryEvent;
import dev.dtk.engine.core.InstanceState;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.phone.SmsPhoneVerification;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.StartOrchestration;
import dev.dtk.worker.sms.DevSmsOutbox;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The phone verification's figures: raised event → completion, verifications answered by many
 * people at once, timer lateness under load, and what waiting instances cost.
 */
final class PhoneBench {

    /** Starts a timer due at the epoch milliseconds given as input, and completes when it fires. */
    static final String TIMER = "BenchTimer";
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /**
     * Waiting verifications are started this many at a time, the next batch sent while the engine works on
     * the one before, as a service starting them at a steady rate would. The engine thus lags the sends by
     * two batches at most, which its caches of parsed instances (2,000 per partition) span: a verification's
     * SMS result finds it parsed. With batches of 50,000 every result came after its instance had been
     * evicted and was replayed from the stores, a cost that grew with them.
     */
    private static final int WAITING_BATCH = 2_000;
    private static final int PROGRESS_EVERY = 500_000;
    /** How many of the previous batch's last instances must wait for their answer before another batch is sent. */
    private static final int SAMPLED = 16;
    private static final Pattern CODE = Pattern.compile("Your verification code is (\\d{4})");

    private final LocalDtk dtk;
    private final CompletionWatcher completions;
    private final DevSmsOutbox outbox;
    private final AtomicInteger numbers = new AtomicInteger();

    PhoneBench(LocalDtk dtk, CompletionWatcher completions, DevSmsOutbox outbox) {
        this.dtk = dtk;
        this.completions = completions;
        this.outbox = outbox;
    }

    /**
     * Raise the right code to a verification that waits for it; time until its completion is seen, and its
     * parts: the event's hop to the engine's step, that step's end, the wait until the end is seen.
     */
    Percentiles raiseToCompletion(int count, SequenceParts parts) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "raise-" + i;
            String phone = newPhone();
            start(id, phone);
            int code = awaitCode(phone);
            waitUntil(() -> dtk.engine().localInstance(id).map(PhoneBench::waitsForAnswer).orElse(false));
            CompletableFuture<InstanceStatus> done = completions.expect(id);
            long sent = System.currentTimeMillis();
            long begin = System.nanoTime();
            raise(id, code);
            checkVerified(id, done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            micros.add((System.nanoTime() - begin) / 1_000);
            long seen = System.currentTimeMillis();
            List<HistoryEvent> history = dtk.engine().localInstance(id).orElseThrow().history();
            parts.add(sent, SequenceParts.lastStepStart(history), SequenceParts.end(history), seen);
        }
        return new Percentiles(micros);
    }

    /** {@code count} people verify at once in {@code streams} parallel streams: completions per second. */
    double verificationsPerSecond(int count, int streams) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long begin = System.nanoTime();
        try (ExecutorService people = Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                all.add(people.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        String id = "verify-" + i;
                        String phone = newPhone();
                        CompletableFuture<InstanceStatus> done = completions.expect(id);
                        start(id, phone);
                        raise(id, awaitCode(phone));
                        checkVerified(id, done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                    }
                    return null;
                }));
            }
            for (var f : all) {
                f.get();
            }
        }
        return count / ((System.nanoTime() - begin) / 1e9);
    }

    /**
     * Starts {@code count} verifications and waits until each waits for its answer; every half-million (a tenth
     * of a run of less than 5 million, at least 100,000), says on
     * {@code out} how far it got, what the process and the files under {@code home} take, and where the
     * CPU and the engine's stream thread went meanwhile.
     */
    void startWaiting(int count, Duration window, PrintStream out, Path home) throws Exception {
        long timersBefore = dtk.engine().localTimerCount();
        int progressEvery = Math.min(PROGRESS_EVERY, Math.max(PROGRESS_EVERY / 5, count / 10));
        long begin = System.nanoTime();
        long lineBegan = begin;
        int lineFrom = 0;
        CpuProfile profile = CpuProfile.start();
        try {
            for (int from = 0; from < count; from += WAITING_BATCH) {
                List<CompletableFuture<RecordMetadata>> sent = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + WAITING_BATCH); i++) {
                    sent.add(start("waiting-" + i, "+1999" + String.format("%07d", i)));
                }
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(),
                        TimeUnit.MILLISECONDS);
                // the engine may lag the sends by a batch, no more (the commands topic is no queue of millions):
                // the last few of the batch before wait (counting the timers would scan millions each time)
                for (int i = Math.max(0, from - SAMPLED); i < from; i++) {
                    awaitWaiting("waiting-" + i, out);
                }
                int done = from + sent.size();
                if (done % progressEvery == 0 || done == count) {
                    CpuProfile.Shares since = profile.stop();
                    long now = System.nanoTime();
                    double seconds = (now - begin) / 1e9;
                    out.printf("phone verification: %,d waiting after %.0f s (%.0f/s, the last %,d %.0f/s);"
                            + " heap after GC %s, RSS %s, disk %s; %s; their CPU: %s; the stream thread: %s%n",
                            done, seconds,
                            done / seconds, done - lineFrom, (done - lineFrom) / ((now - lineBegan) / 1e9),
                            Footprint.mib(Footprint.heapAfterGc()), Footprint.mib(Footprint.rss()),
                            Footprint.mib(Footprint.bytesUnder(home, "")), RocksDbGauges.line(), since.cpuLine(),
                            since.streamThreadLine());
                    lineBegan = System.nanoTime();
                    lineFrom = done;
                    profile = CpuProfile.start();
                }
            }
        } finally {
            profile.close();
        }
        if (System.nanoTime() - begin < window.toNanos()) {
            waitUntil(() -> dtk.engine().localTimerCount() >= timersBefore + count, Duration.ofSeconds(5));
        } else {
            out.printf("phone verification: the run took longer than the verifications' window (%s): the first"
                    + " have expired meanwhile and wait no more%n", window);
        }
    }

    /**
     * Waits until {@code id} waits for its answer. A start should take milliseconds: after a minute, says
     * so on {@code out} every minute with what the stores are doing, then gives up after {@link #TIMEOUT}
     * with the same (a stalled run must say where it stood).
     */
    private void awaitWaiting(String id, PrintStream out) throws InterruptedException {
        long began = System.nanoTime();
        long nextReport = began + Duration.ofMinutes(1).toNanos();
        while (!dtk.engine().localInstance(id).map(PhoneBench::waitsForAnswer).orElse(false)) {
            long now = System.nanoTime();
            if (now - began > TIMEOUT.toNanos()) {
                throw new IllegalStateException(id + " did not come to wait for its answer within " + TIMEOUT
                        + "; engine " + dtk.engine().state() + "; " + RocksDbGauges.line());
            }
            if (now > nextReport) {
                out.printf("phone verification: %s has not come to wait for its answer after %d s; engine %s; %s%n",
                        id, Duration.ofNanos(now - began).toSeconds(), dtk.engine().state(), RocksDbGauges.line());
                nextReport = now + Duration.ofMinutes(1).toNanos();
            }
            Thread.sleep(10);
        }
    }

    /**
     * (i)'s outcome: how late each timer fired, the lead between sending the starts and the first timer's
     * due time, and how long after sending the last start was applied (its TimerCreated).
     */
    record TimerRun(Percentiles lateness, Duration lead, Duration startsApplied, List<GcPauses.Fire> fires) {

        /**
         * Whether every start was applied before the first timer came due. If not, the engine still had
         * starts to read when timers came due, and holds those timers until its input is read (an input
         * sent before a timer was due is applied first): the lateness is then the input backlog's, not the
         * firing's.
         */
        boolean startsAppliedBeforeDue() {
            return startsApplied.compareTo(lead) < 0;
        }
    }

    /**
     * Sends {@code count} starts of timers due spread over {@code window}, the first {@code lead} from
     * now, as fast as the producer goes; waits until all have ended; returns how late each fired.
     */
    TimerRun timerLateness(String prefix, int count, Duration lead, Duration window) throws Exception {
        Instant sent = Instant.now();
        long first = sent.plus(lead).toEpochMilli();
        List<CompletableFuture<InstanceStatus>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + i;
            done.add(completions.expect(id));
            long due = first + window.toMillis() * i / count;
            completions.send(id, StartOrchestration.of(TIMER, DtkJson.toTree(due)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        List<GcPauses.Fire> fires = new ArrayList<>(count);
        Instant lastApplied = sent;
        for (int i = 0; i < count; i++) {
            for (HistoryEvent event : dtk.engine().localInstance(prefix + i).orElseThrow().history()) {
                if (event instanceof HistoryEvent.TimerFired fired) {
                    fires.add(new GcPauses.Fire(fired.fireAt().toEpochMilli(), fired.timestamp().toEpochMilli()));
                } else if (event instanceof HistoryEvent.TimerCreated created && created.timestamp().isAfter(lastApplied)) {
                    lastApplied = created.timestamp();
                }
            }
        }
        // history timestamps are whole milliseconds
        Percentiles lateness = new Percentiles(fires.stream().map(fire -> fire.lateMillis() * 1_000).toList());
        return new TimerRun(lateness, lead, Duration.between(sent, lastApplied), fires);
    }

    private static boolean waitsForAnswer(InstanceState state) {
        return state.history().stream().anyMatch(HistoryEvent.TimerCreated.class::isInstance);
    }

    private String newPhone() {
        return "+1555" + String.format("%07d", numbers.incrementAndGet());
    }

    /** Starts with {@link dev.dtk.client.DtkClient#send}: startNew's checks would add round trips to (h). */
    private CompletableFuture<RecordMetadata> start(String id, String phone) {
        return completions.send(id, StartOrchestration.of(SmsPhoneVerification.NAME, TextNode.valueOf(phone)));
    }

    /** Raises with {@link dev.dtk.client.DtkClient#send}: raiseEvent's status lookup would add to (g) and (h). */
    private void raise(String id, int code) {
        completions.send(id, RaiseEvent.of(SmsPhoneVerification.RESPONSE_EVENT, IntNode.valueOf(code)));
    }

    private int awaitCode(String phone) throws Exception {
        String body = outbox.latestTo(phone).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).body();
        Matcher m = CODE.matcher(body);
        if (!m.matches()) {
            throw new IllegalStateException("the SMS to " + phone + " carries no code: " + body);
        }
        return Integer.parseInt(m.group(1));
    }

    private static void checkVerified(String id, InstanceStatus status) {
        if (!Boolean.TRUE.equals(DtkJson.fromTree(status.output(), Boolean.class))) {
            throw new IllegalStateException(id + " ended " + status.runtimeStatus() + " with " + status.output());
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        waitUntil(condition, Duration.ofMillis(1));
    }

    private static void waitUntil(BooleanSupplier condition, Duration every) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("condition not met within " + TIMEOUT);
            }
            Thread.sleep(every.toMillis());
        }
    }

    static void print(PrintStream out, String row, Object value) {
        out.printf("| %s | %s |%n", row, value);
    }
}
