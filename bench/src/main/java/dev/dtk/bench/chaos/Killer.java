package dev.dtk.bench.chaos;

import dev.dtk.testkit.TestKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Kills a random engine, worker or gateway with SIGKILL every few seconds and starts it again at once,
 * and once in the run kills a broker and brings it back. One failure at a time per role: a process is
 * never killed while another of its kind (a worker of the same queue) is still recovering, so the
 * survivors always have somewhere to go. Each kill's recovery is measured in the background.
 */
final class Killer {

    /** One kill and what its recovery measured. */
    public record Kill(int number, Duration at, String victim, String kind,
            CompletableFuture<RecoveryProbe.Result> recovery) {
    }

    private final List<Service> services;
    private final TestKafkaCluster kafka;
    private final RecoveryProbe probe;
    private final Doors doors;
    private final List<Service> gateways;
    private final List<String> queues;
    private final Random random;
    private final Consumer<String> say;
    private final List<Kill> kills = new CopyOnWriteArrayList<>();
    private final Duration maxRecovery;
    private volatile CompletableFuture<Void> brokerBack = CompletableFuture.completedFuture(null);

    Killer(List<Service> services, List<Service> gateways, List<String> queues, TestKafkaCluster kafka,
            RecoveryProbe probe, Doors doors, Random random, Duration maxRecovery, Consumer<String> say) {
        this.services = List.copyOf(services);
        this.gateways = List.copyOf(gateways);
        this.queues = List.copyOf(queues);
        this.kafka = kafka;
        this.probe = probe;
        this.doors = doors;
        this.random = random;
        this.maxRecovery = maxRecovery;
        this.say = say;
    }

    List<Kill> kills() {
        return List.copyOf(kills);
    }

    /** Completes once a killed broker is back in the cluster (at once when none was killed). */
    CompletableFuture<Void> brokerBack() {
        return brokerBack;
    }

    /**
     * Kills every {@code every} while {@code loadRuns}; at {@code brokerAt} (null: never) kills a broker
     * and starts it again {@code brokerDown} later.
     */
    void run(long runStartNanos, BooleanSupplier loadRuns, Duration every, Duration brokerAt, Duration brokerDown)
            throws Exception {
        long begin = System.nanoTime();
        long next = begin + every.toNanos();
        long brokerKill = brokerAt == null ? Long.MAX_VALUE : begin + brokerAt.toNanos();
        while (true) {
            long wake = Math.min(next, brokerKill);
            while (System.nanoTime() < wake && loadRuns.getAsBoolean()) {
                TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(200, (wake - System.nanoTime()) / 1_000_000)));
            }
            if (!loadRuns.getAsBoolean()) {
                return;
            }
            Duration at = Duration.ofNanos(System.nanoTime() - runStartNanos);
            if (wake == brokerKill) {
                brokerKill = Long.MAX_VALUE;
                killBroker(at, brokerDown);
                continue;
            }
            next += every.toNanos();
            Service victim = pick();
            if (victim == null) {
                say.accept("no process may be killed now (each role has one recovering); skipping a kill");
                continue;
            }
            try {
                killService(victim, at);
            } catch (Exception e) {
                // the probe's look before the kill can time out while a broker is down: try the next one
                say.accept("could not kill " + victim + " now (" + e + "); trying again at the next kill");
            }
        }
    }

    private Service pick() {
        List<Service> eligible = new ArrayList<>();
        for (Service candidate : services) {
            boolean peerRecovering = kills.stream().anyMatch(k -> !k.recovery().isDone() && services.stream()
                    .filter(s -> s.name().equals(k.victim())).anyMatch(s -> s.role() == candidate.role()
                            && Objects.equals(s.queue(), candidate.queue())));
            if (candidate.alive() && !peerRecovering) {
                eligible.add(candidate);
            }
        }
        return eligible.isEmpty() ? null : eligible.get(random.nextInt(eligible.size()));
    }

    private void killService(Service victim, Duration at) throws Exception {
        RecoveryProbe.Snapshot before = victim.role() == Service.Role.GATEWAY ? null : probe.ofService(victim);
        long killedAt = System.nanoTime();
        victim.kill();
        victim.start();
        int number = kills.size() + 1;
        say.accept("kill " + number + ": kill -9 " + victim + ", started again");
        CompletableFuture<RecoveryProbe.Result> recovery = CompletableFuture.supplyAsync(() -> {
            try {
                return victim.role() == Service.Role.GATEWAY ? gatewayReady(victim, killedAt)
                        : probe.await(before, killedAt, maxRecovery);
            } catch (Exception e) {
                return new RecoveryProbe.Result(null, java.util.Set.of(), "could not measure: " + e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        kills.add(new Kill(number, at, victim.name(), victim.role().name().toLowerCase(), recovery));
    }

    private RecoveryProbe.Result gatewayReady(Service gateway, long killedAt) throws InterruptedException {
        int index = gateways.indexOf(gateway);
        long deadline = killedAt + maxRecovery.toNanos();
        while (System.nanoTime() < deadline) {
            if (doors.ready(index)) {
                return new RecoveryProbe.Result(Duration.ofNanos(System.nanoTime() - killedAt),
                        java.util.Set.of(gateway.name()), "ready again (the other gateway served meanwhile)");
            }
            Thread.sleep(100);
        }
        return new RecoveryProbe.Result(null, java.util.Set.of(), "not ready within " + maxRecovery.toSeconds() + " s");
    }

    private void killBroker(Duration at, Duration down) throws Exception {
        int broker = 1 + random.nextInt(kafka.brokerCount());
        RecoveryProbe.Snapshot before = probe.ofBroker(broker, queues);
        long killedAt = System.nanoTime();
        kafka.killBroker(broker);
        int number = kills.size() + 1;
        say.accept("kill " + number + ": kill -9 Kafka broker " + broker + "; back in " + down.toSeconds() + " s");
        CompletableFuture<RecoveryProbe.Result> recovery = CompletableFuture.supplyAsync(() -> {
            try {
                return probe.await(before, killedAt, maxRecovery);
            } catch (Exception e) {
                return new RecoveryProbe.Result(null, java.util.Set.of(), "could not measure: " + e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        kills.add(new Kill(number, at, "broker-" + broker, "broker", recovery));
        brokerBack = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(down);
                kafka.startBroker(broker);
                say.accept("Kafka broker " + broker + " is back in the cluster, "
                        + Duration.ofNanos(System.nanoTime() - killedAt).toSeconds() + " s after its kill");
            } catch (Exception e) {
                say.accept("Kafka broker " + broker + " did not come back: " + e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }
}
