package dev.dtk.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dtk.bench.chaos.Doors.Outcome;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.RaiseEvent;
import dev.dtk.topics.message.StartOrchestration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chaos load: starts the scenarios at an even pace, half through the gateways and half through
 * Kafka, answers each phone verification from its SMS (right, four times wrong, or not at all), and
 * decides approvals. Every command is sent until it is accepted: a start whose answer was lost is
 * looked up first (starting a finished instance again would start it afresh), an event is sent again.
 */
final class Load implements AutoCloseable {

    /** How often a record nobody can read is sent on purpose: it must end in the dead letters. */
    static final int POISON_EVERY = 200;
    private static final Duration GIVE_UP = Duration.ofMinutes(5);
    private static final Duration PAUSE = Duration.ofMillis(250);

    private final Doors doors;
    private final CommandLog log;
    private final Map<String, Scenario> byPhone = new ConcurrentHashMap<>();
    private final List<String> poison = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private static final int IN_FLIGHT = 96;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final AtomicInteger nextGateway = new AtomicInteger();
    private final AtomicInteger givenUp = new AtomicInteger();

    Load(Doors doors, CommandLog log, SmsInbox inbox) {
        this.doors = doors;
        this.log = log;
        inbox.onSms((sms, nth) -> {
            Scenario scenario = byPhone.get(sms.to());
            if (scenario != null && nth == 1) {
                threads.execute(() -> answer(scenario, sms.code()));
            }
        });
    }

    /** Starts {@code scenarios} evenly over {@code duration}; returns once all starts are sent (not accepted). */
    void run(List<Scenario> scenarios, Duration duration, String runId) throws InterruptedException {
        long begin = System.nanoTime();
        long step = duration.toNanos() / Math.max(1, scenarios.size());
        for (int n = 0; n < scenarios.size(); n++) {
            long wait = begin + n * step - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Scenario scenario = scenarios.get(n);
            if (scenario.phone() != null) {
                byPhone.put(scenario.phone(), scenario);
            }
            inFlight.acquire();
            threads.execute(() -> {
                try {
                    drive(scenario);
                } finally {
                    inFlight.release();
                }
            });
            if (n % POISON_EVERY == POISON_EVERY - 1) {
                String key = runId + "-poison-" + poison.size();
                poison.add(key);
                threads.execute(() -> sendUntilAccepted(() -> doors.sendRaw(key,
                        "{this is not json".getBytes(StandardCharsets.UTF_8))));
            }
        }
    }

    /** Waits until every start (and approval) of the load was accepted or given up; answers go on until closed. */
    boolean awaitStarts(Duration timeout) throws InterruptedException {
        if (!inFlight.tryAcquire(IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        inFlight.release(IN_FLIGHT);
        return true;
    }

    /** The keys of the records sent to be dead-lettered. */
    List<String> poison() {
        return List.copyOf(poison);
    }

    /** Commands that were never accepted within five minutes of trying. */
    int givenUp() {
        return givenUp.get();
    }

    private void drive(Scenario s) {
        if (!start(s)) {
            return;
        }
        switch (s.kind()) {
            case APPROVE, REJECT -> raise(s, "ApprovalEvent", DtkJson.toTree(s.kind() == Scenario.Kind.APPROVE));
            default -> {
            }
        }
    }

    private void answer(Scenario s, int code) {
        switch (s.kind()) {
            case VERIFY_RIGHT -> raise(s, "SmsChallengeResponse", DtkJson.toTree(code));
            case VERIFY_WRONG -> {
                for (int k = 1; k <= 4; k++) {
                    raise(s, "SmsChallengeResponse", DtkJson.toTree((code + k) % 10_000));
                }
            }
            default -> {
            }
        }
    }

    private boolean start(Scenario s) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            int gateway = nextGateway.getAndIncrement();
            Outcome outcome = s.viaHttp()
                    ? doors.startHttp(gateway, s.kind().orchestrator(), s.instanceId(), s.input())
                    : doors.send(s.instanceId(), StartOrchestration.of(s.kind().orchestrator(), s.input()));
            if (outcome == Outcome.UNKNOWN) {
                log.startUnknown();
                Boolean exists = lookUp(s.instanceId(), deadline);
                if (exists == null) {
                    break;
                }
                outcome = exists ? Outcome.EXISTS : Outcome.NOT_ACCEPTED;
            }
            if (outcome == Outcome.ACCEPTED || outcome == Outcome.EXISTS) {
                log.startAccepted(s.instanceId(), s.viaHttp());
                return true;
            }
            pause();
        }
        givenUp.incrementAndGet();
        return false;
    }

    /** Asks the gateways whether an instance exists until one can say. */
    private Boolean lookUp(String instanceId, long deadline) {
        while (System.nanoTime() < deadline) {
            Boolean exists = doors.exists(nextGateway.getAndIncrement(), instanceId);
            if (exists != null) {
                return exists;
            }
            pause();
        }
        return null;
    }

    private void raise(Scenario s, String event, JsonNode data) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            Outcome outcome = s.viaHttp()
                    ? doors.raiseHttp(nextGateway.getAndIncrement(), s.instanceId(), event, data)
                    : doors.send(s.instanceId(), RaiseEvent.of(event, data));
            switch (outcome) {
                case ACCEPTED -> {
                    log.eventAccepted(s.instanceId(), event);
                    return;
                }
                case GONE -> {
                    return; // the instance finished: nothing waits for the event any more
                }
                case UNKNOWN -> log.eventUnknown(s.instanceId(), event);
                case NOT_FOUND -> log.notFound();
                default -> {
                }
            }
            pause();
        }
        givenUp.incrementAndGet();
    }

    private void sendUntilAccepted(java.util.function.Supplier<Outcome> send) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (send.get() == Outcome.ACCEPTED) {
                return;
            }
            pause();
        }
        givenUp.incrementAndGet();
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
