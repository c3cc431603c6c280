package dev.dtk.bench;

import dev.dtk.gateway.DtkGateway;
import dev.dtk.gateway.GatewayConfig;
import dev.dtk.local.LocalDtk;
import dev.dtk.topics.Topics;
import dev.dtk.topics.json.DtkJson;
import dev.dtk.topics.message.InstanceStatus;
import dev.dtk.topics.message.RuntimeStatus;
import dev.dtk.topics.message.WireMessage;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The gateway's figures: hello sequences started through HTTP (202 after the broker acknowledged the
 * Pending status and the start command), completion seen on the status topic as in (a) and (b); and
 * status GETs answered from the gateway's RocksDB view while it holds {@code viewSize} instances.
 */
final class GatewayBench {

    private static final String BASE = "/runtime/webhooks/durabletask";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final DtkGateway gateway;
    private final CompletionWatcher completions;
    private final String bootstrap;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    GatewayBench(LocalDtk dtk, CompletionWatcher completions) {
        this.gateway = dtk.startGateway(GatewayConfig.builder().port(0), routes -> { });
        this.completions = completions;
        this.bootstrap = dtk.bootstrapServers();
    }

    record Rows(Percentiles oneAtATime, double perSecond, Percentiles loaded, double getsPerSecond,
            Percentiles gets, int viewSize) {
    }

    Rows run(int sequential, int instances, int inFlight, int viewSize, Duration getRun) throws Exception {
        load("gw-warmup-", 300, 32);
        List<Long> one = new ArrayList<>();
        for (int i = 0; i < sequential; i++) {
            CompletableFuture<InstanceStatus> done = completions.expect("gw-seq-" + i);
            long start = System.nanoTime();
            check(http.send(startRequest("gw-seq-" + i), HttpResponse.BodyHandlers.discarding()));
            done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            one.add((System.nanoTime() - start) / 1_000);
        }
        ClosedLoop.Result loaded = load("gw-load-", instances, inFlight);
        fillView(viewSize);
        List<Long> gets = Collections.synchronizedList(new ArrayList<>());
        long getBegin = System.nanoTime();
        int count = getStatuses(viewSize, inFlight, getRun, gets);
        double getsPerSecond = count / ((System.nanoTime() - getBegin) / 1e9);
        return new Rows(new Percentiles(one), loaded.perSecond(), loaded.latency(), getsPerSecond, new Percentiles(gets), viewSize);
    }

    static void print(PrintStream out, Rows rows, int instances, int inFlight) {
        out.printf("| (d) HTTP: hello sequence, one at a time, POST start → completion seen | %s |%n", rows.oneAtATime());
        out.printf("| (e) HTTP: hello sequence, %d instances, %d in flight: throughput | %.0f orchestrations/s |%n",
                instances, inFlight, rows.perSecond());
        out.printf("| (e) same: POST start → completion latency | %s |%n", rows.loaded());
        out.printf("| (f) HTTP: status GET, %d in flight, %,d instances in the gateway's view: throughput | %.0f"
                + " requests/s |%n", inFlight, rows.viewSize(), rows.getsPerSecond());
        out.printf("| (f) same: GET latency | %s |%n", rows.gets());
    }

    private ClosedLoop.Result load(String prefix, int count, int inFlight) throws Exception {
        return ClosedLoop.run(completions, prefix, count, inFlight, id -> http.sendAsync(startRequest(id),
                HttpResponse.BodyHandlers.discarding()).thenAccept(GatewayBench::check));
    }

    private HttpRequest startRequest(String id) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + BASE + "/orchestrators/HelloSequence/" + id))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
    }

    /**
     * Writes {@code size} finished statuses to the status topic and waits until the gateway's view (and the
     * bench's own, so that it is not still reading them during the GET run) holds the last one.
     *
     * <p>This impersonates an engine on purpose, the one place dtk's bench writes a topic only engines
     * write: running {@code size} real instances (100,000 by default) would take minutes, and the GET run
     * needs only a view that big. No client may do this (a client never writes statuses, and
     * {@link dev.dtk.client.DtkClient} cannot); it is safe here because the broker is the bench's own and
     * no engine owns these IDs.
     */
    private void fillView(int size) throws Exception {
        Instant now = Instant.now();
        CompletableFuture<InstanceStatus> lastSeen = completions.expect("gw-view-" + (size - 1));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(java.util.Map.of(
                "bootstrap.servers", bootstrap, "linger.ms", "10", "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < size; i++) {
                String id = "gw-view-" + i;
                producer.send(new ProducerRecord<>(Topics.INSTANCE_STATUS, id, DtkJson.write(new InstanceStatus(
                        WireMessage.CURRENT_VERSION, "HelloSequence", id, "e", RuntimeStatus.Completed, null,
                        DtkJson.toTree(List.of("Hello Tokyo!", "Hello Seattle!", "Hello London!")), null, now, now,
                        null))));
            }
            producer.flush();
        }
        HttpRequest last = get(size - 1);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (http.send(last, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway's view did not fill within " + TIMEOUT);
            }
        }
        lastSeen.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private HttpRequest get(int i) {
        return HttpRequest.newBuilder(URI.create(gateway.url() + BASE + "/instances/gw-view-" + i)).GET().build();
    }

    private int getStatuses(int viewSize, int inFlight, Duration run, List<Long> micros) throws Exception {
        Semaphore slots = new Semaphore(inFlight);
        AtomicInteger done = new AtomicInteger();
        long end = System.nanoTime() + run.toNanos();
        while (System.nanoTime() < end) {
            slots.acquire();
            long start = System.nanoTime();
            http.sendAsync(get(ThreadLocalRandom.current().nextInt(viewSize)), HttpResponse.BodyHandlers.ofByteArray())
                    .whenComplete((response, error) -> {
                        if (error == null && response.statusCode() == 200) {
                            micros.add((System.nanoTime() - start) / 1_000);
                            done.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        slots.acquire(inFlight);
        return done.get();
    }

    private static void check(HttpResponse<?> response) {
        if (response.statusCode() != 202) {
            throw new IllegalStateException("the gateway answered " + response.statusCode() + " to a start");
        }
    }
}
