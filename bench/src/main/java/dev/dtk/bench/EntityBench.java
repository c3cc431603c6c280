package dev.dtk.bench;

import dev.dtk.app.AppCatalog;
import dev.dtk.app.DtkApp;
import dev.dtk.client.DtkClient;
import dev.dtk.entity.EntityId;
import dev.dtk.local.LocalDtk;
import dev.dtk.samples.entities.Counter;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.EntityStatus;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.SignalEntity;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Durable entities, on a broker and engine of their own: signals sent to {@code dtk.commands} with
 * {@link DtkClient#send} as a service would (signalEntity's name check is left out of the measured path),
 * each operation's effect seen by a read_committed consumer of {@code dtk.entities}.
 * Operations per second on one entity (serial by definition) and across 1,000 entities with 64
 * operations in flight; signal → new state visible, one at a time and under that load; a call from an
 * orchestration.
 */
final class EntityBench {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final SignalEntity ADD_ONE = SignalEntity.of("add", DtkJson.toTree(1));

    private EntityBench() {
    }

    static List<String> run(PrintStream out, int partitions, int oneEntityOps, int entities, int inFlight, int loadOps,
            int calls) throws Exception {
        Path home = BenchHome.create("dtk-bench-entities");
        DtkApp app = builder -> builder
                .entity(Counter.NAME, Counter.ENTITY)
                .orchestrator("Caller", ctx -> {
                    int n = ctx.getInput(Integer.class);
                    EntityId counter = EntityId.of(Counter.NAME, "called");
                    int last = 0;
                    for (int i = 0; i < n; i++) {
                        last = ctx.callEntity(counter, "get", null, Integer.class).await();
                    }
                    return last;
                });
        List<String> rows = new ArrayList<>();
        try (LocalDtk dtk = LocalDtk.start(home, 0, partitions, AppCatalog.of(List.of(app), Map.of(),
                () -> (to, body) -> { }));
                DtkClient client = Bench.client(dtk.bootstrapServers(), home.resolve("client"));
                StateWatcher states = new StateWatcher(dtk.bootstrapServers())) {
            out.println("entities: warming up...");
            signalAndWait(client, states, "@counter@warm", 1, 500);

            out.printf("entities: %d signals to one entity...%n", oneEntityOps);
            String one = "@counter@one";
            long start = System.nanoTime();
            CompletableFuture<Void> all = states.expect(one, oneEntityOps);
            for (int i = 0; i < oneEntityOps; i++) {
                signal(client, one, all);
            }
            all.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            double oneSeconds = (System.nanoTime() - start) / 1e9;
            rows.add(String.format("| (q) one entity: %,d signals produced at once, until the last state is seen |"
                    + " %,.0f operations/s |", oneEntityOps, oneEntityOps / oneSeconds));

            out.println("entities: signal → state visible, one at a time...");
            List<Long> single = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                single.add(signalAndWait(client, states, "@counter@single", i, 1));
            }
            rows.add(String.format("| (r) signal → new state visible, one at a time | %s |", new Percentiles(single)));

            out.printf("entities: %,d operations over %,d entities, %d in flight...%n", loadOps, entities, inFlight);
            Load load = load(client, states, entities, inFlight, loadOps);
            rows.add(String.format("| (s) %,d entities, %d operations in flight: throughput | %,.0f operations/s |",
                    entities, inFlight, load.perSecond()));
            rows.add(String.format("| (s) same: signal → new state visible | %s |", load.latency()));

            out.printf("entities: an orchestration calling an entity %d times in a row...%n", calls);
            client.signalEntity(EntityId.of(Counter.NAME, "called"), "add", 7).join();
            String id = client.startNew("Caller", "caller-1", calls).join();
            long callStart = System.nanoTime();
            InstanceStatus done = client.waitForCompletion(id, TIMEOUT).join();
            double callSeconds = (System.nanoTime() - callStart) / 1e9;
            if (done.runtimeStatus() != RuntimeStatus.Completed) {
                throw new IllegalStateException("Caller ended " + done.runtimeStatus() + ": " + done.output());
            }
            Percentiles steps = new Percentiles(HistoryBench.stepIntervals(dtk, id));
            rows.add(String.format("| (t) callEntity from an orchestration, %d in a row: per call (engine step to"
                    + " step, ms resolution) | p50 %.1f ms (%.1f ms on average over the run) |", calls, steps.p(50),
                    callSeconds * 1000 / calls));
        }
        return rows;
    }

    /** Signals add 1 {@code times} times to {@code entity} and waits until its state is {@code target}; micros. */
    private static long signalAndWait(DtkClient client, StateWatcher states, String entity,
            int target, int times) throws Exception {
        CompletableFuture<Void> seen = states.expect(entity, target + times - 1);
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            signal(client, entity, seen);
        }
        seen.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return (System.nanoTime() - start) / 1_000;
    }

    /** Signals add 1 to {@code entity} without waiting; a signal Kafka refuses fails {@code seen}. */
    private static void signal(DtkClient client, String entity, CompletableFuture<Void> seen) {
        client.send(entity, ADD_ONE).whenComplete((ack, error) -> {
            if (error != null) {
                seen.completeExceptionally(error);
            }
        });
    }

    record Load(double perSecond, Percentiles latency) {
    }

    /**
     * {@code inFlight} senders, each owning every {@code inFlight}-th entity, send one operation at a time to
     * their entities in turn and wait until its effect is seen.
     */
    private static Load load(DtkClient client, StateWatcher states, int entities, int inFlight,
            int operations) throws Exception {
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        // never more senders than entities: each owns at least one
        int sendersCount = Math.min(inFlight, entities);
        int perClient = operations / sendersCount;
        long begin = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < sendersCount; c++) {
            int sender = c;
            senders.add(Thread.ofVirtual().start(() -> {
                int[] counts = new int[entities];
                for (int i = 0; i < perClient; i++) {
                    int owned = (entities - sender + sendersCount - 1) / sendersCount;
                    int entity = sender + (i % owned) * sendersCount;
                    String key = "@counter@load-" + entity;
                    try {
                        micros.add(signalAndWait(client, states, key, ++counts[entity], 1));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread thread : senders) {
            thread.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        return new Load(perClient * sendersCount / seconds, new Percentiles(micros));
    }

    /**
     * Completes futures when an entity's state (an integer) reaches a value, reading dtk.entities read_committed.
     * Its own consumer on purpose: {@link DtkClient#onStatus} delivers instance statuses only, and
     * {@link DtkClient#getEntity} waits for a catch-up round per read, which would count in (r) and (s).
     */
    static final class StateWatcher implements AutoCloseable {

        private record Want(int value, CompletableFuture<Void> done) {
        }

        private final KafkaConsumer<String, byte[]> consumer;
        private final Map<String, Integer> latest = new ConcurrentHashMap<>();
        private final Map<String, List<Want>> waiting = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        StateWatcher(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.ENTITIES)
                    .forEach(p -> partitions.add(new TopicPartition(Topics.ENTITIES, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = Thread.ofPlatform().name("bench-entity-states").start(this::run);
        }

        /** Completes once {@code entity}'s state is at least {@code value}. */
        CompletableFuture<Void> expect(String entity, int value) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            synchronized (this) {
                if (latest.getOrDefault(entity, 0) >= value) {
                    done.complete(null);
                } else {
                    waiting.computeIfAbsent(entity, k -> new ArrayList<>()).add(new Want(value, done));
                }
            }
            return done;
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        if (r.value() == null) {
                            continue;
                        }
                        int value = DtkJson.read(r.value(), EntityStatus.class).state().asInt();
                        synchronized (this) {
                            latest.put(r.key(), value);
                            List<Want> wants = waiting.get(r.key());
                            if (wants != null) {
                                wants.removeIf(w -> w.value() <= value && w.done().complete(null));
                            }
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5_000);
        }
    }
}
