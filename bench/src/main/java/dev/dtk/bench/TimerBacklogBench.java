package dev.dtk.bench;

import dev.dtk.engine.core.ActivityRouting;
import dev.dtk.engine.core.EntityStepper;
import dev.dtk.engine.core.InstanceStepper;
import dev.dtk.engine.core.StepRules;
import dev.dtk.engine.streams.EngineTopology;
import dev.dtk.engine.streams.ShellSettings;
import dev.dtk.engine.streams.ThreadedCodeGuard;
import dev.dtk.entity.EntityRegistry;
import dev.dtk.orchestration.OrchestratorRegistry;
import dev.dtk.topics.Limits;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.StartOrchestration;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A backlog of due timers, as a stall leaves one, fired by the engine's own topology without a broker
 * (Kafka Streams' test driver: the engine's processor, its RocksDB stores, its code guard, orchestration
 * code kept waiting on virtual threads). {@code instances} instances wait on a timer due at the same
 * moment; the wall clock is moved past it, then a millisecond at a time, each move one punctuation whose
 * sweep fires what its budget allows, until every instance has completed. What it times is the fires
 * alone (the clock moves; the statuses are counted outside the clock): the cost of one timer's step in a
 * backlog, which after a stall decides how long the last due timer waits. Optionally with threads
 * spinning beside it ({@code busy}), as the broker and clients keep the cores busy in {@code --only phone}.
 */
final class TimerBacklogBench {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DUE_AFTER = Duration.ofSeconds(60);
    /** Longer than the engine counts input as flowing: the sweep gets its whole budget, as on a quiet thread. */
    private static final Duration AFTER_INPUT = Duration.ofMillis(300);

    private TimerBacklogBench() {
    }

    /** {@code rounds} rounds of {@code instances} due at once; returns the table's rows. */
    static List<String> run(PrintStream out, int instances, int rounds, int busy) throws Exception {
        out.printf("dtk bench timer-backlog: %,d instances waiting on a timer due at the same moment, fired by the"
                + " engine's topology in Kafka Streams' test driver (RocksDB stores, the engine's code guard, no"
                + " broker); %d rounds, the first a warm-up; %d thread(s) spinning beside it%n", instances, rounds, busy);
        List<Double> micros = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        AtomicBoolean spinning = new AtomicBoolean(true);
        ExecutorService spinners = Executors.newFixedThreadPool(Math.max(1, busy));
        for (int i = 0; i < busy; i++) {
            spinners.submit(() -> {
                long x = 0;
                while (spinning.get()) {
                    x += System.nanoTime() % 7;
                }
                return x;
            });
        }
        try {
            for (int round = 1; round <= rounds; round++) {
                Round result = round(instances);
                out.printf("timer-backlog: round %d: %,d fires in %.1f ms over %d punctuations, %.1f µs a fire%n",
                        round, result.fired(), result.nanos() / 1e6, result.punctuations(), result.microsPerFire());
                if (round > 1) {
                    micros.add(result.microsPerFire());
                }
            }
        } finally {
            spinning.set(false);
            spinners.shutdown();
        }
        double[] values = micros.stream().mapToDouble(Double::doubleValue).toArray();
        rows.add(String.format("| %,d timers due at once, %d thread(s) spinning beside | median %.1f µs a fire"
                + " (%,.0f fires/s); rounds after the warm-up: %s µs |", instances, busy, Percentiles.median(values),
                1e6 / Percentiles.median(values), micros.stream().map(m -> String.format("%.1f", m)).toList()));
        return rows;
    }

    private record Round(int fired, long nanos, int punctuations) {

        double microsPerFire() {
            return nanos / 1e3 / fired;
        }
    }

    private static Round round(int instances) throws Exception {
        OrchestratorRegistry registry = OrchestratorRegistry.builder()
                .register("Nap", ctx -> {
                    ctx.createTimer(T0.plus(DUE_AFTER)).await();
                    return "woke";
                })
                .build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dtk-bench-timer-backlog");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, BenchHome.create("dtk-bench-timer-backlog").toString());
        try (ThreadedCodeGuard guard = new ThreadedCodeGuard(Duration.ofSeconds(30))) {
            InstanceStepper stepper = new InstanceStepper(registry,
                    new StepRules(ActivityRouting.single(Topics.DEFAULT_QUEUE), Limits.DEFAULT), guard);
            ShellSettings settings = ShellSettings.defaults(Duration.ofMillis(10), 1);
            try (TopologyTestDriver driver = new TopologyTestDriver(EngineTopology.build(stepper,
                    new EntityStepper(EntityRegistry.empty()), settings), props, T0)) {
                TestInputTopic<String, byte[]> commands = driver.createInputTopic(Topics.COMMANDS,
                        new StringSerializer(), new ByteArraySerializer());
                TestOutputTopic<String, byte[]> statuses = driver.createOutputTopic(Topics.INSTANCE_STATUS,
                        new StringDeserializer(), new ByteArrayDeserializer());
                for (int i = 0; i < instances; i++) {
                    commands.pipeInput("nap-" + i, DtkJson.write(StartOrchestration.of("Nap", null)), T0);
                }
                statuses.readValuesToList();
                Thread.sleep(AFTER_INPUT.toMillis());
                int completed = 0;
                long nanos = 0;
                int punctuations = 0;
                Duration step = DUE_AFTER;
                while (completed < instances) {
                    if (punctuations > instances + 1_000) {
                        throw new IllegalStateException("only " + completed + " of " + instances + " fired");
                    }
                    long began = System.nanoTime();
                    driver.advanceWallClockTime(step);
                    nanos += System.nanoTime() - began;
                    punctuations++;
                    step = Duration.ofMillis(1);
                    for (byte[] value : statuses.readValuesToList()) {
                        if (DtkJson.read(value, InstanceStatus.class).runtimeStatus() == RuntimeStatus.Completed) {
                            completed++;
                        }
                    }
                }
                return new Round(completed, nanos, punctuations);
            }
        }
    }
}
